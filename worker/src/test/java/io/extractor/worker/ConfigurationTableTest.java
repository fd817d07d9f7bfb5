package io.extractor.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.ConfigTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the worker's reference: a row per property, with its default as in the code. */
class ConfigurationTableTest {

    @Test
    void theReadmeHasARowForEveryWorkerPropertyWithItsDefaultAndNoOtherRows() {
        assertThat(ConfigTable.differences(WorkerConfig.class, Path.of("..", "README.md"), "worker"))
                .as("README.md ## Configuration against WorkerConfig (fix the README rows, or the code)")
                .isEmpty();
    }
}
