package io.extractor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.ConfigTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the coordinator's reference: a row per property, with its default as in the code. */
class ConfigurationTableTest {

    @Test
    void theReadmeHasARowForEveryCoordinatorPropertyWithItsDefaultAndNoOtherRows() {
        assertThat(ConfigTable.differences(CoordinatorConfig.class, Path.of("..", "README.md"), "coordinator"))
                .as("README.md ## Configuration against CoordinatorConfig (fix the README rows, or the code)")
                .isEmpty();
    }
}
