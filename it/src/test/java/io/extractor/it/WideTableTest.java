package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.SourceTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table near InnoDB's column limit goes through a worker run exactly as the README sizes it (a fixed 96 MiB
 * heap, one slot): batches shrink with the width of the row instead of the heap running out.
 */
class WideTableTest {
    private static final int COLUMNS = 1000;
    private static final int ROWS = 3000;

    @RegisterExtension
    final ScratchTable wide = new ScratchTable("wide");

    @TempDir
    Path downloads;

    @Test
    void aThousandColumnTableStreamsThroughAWorkerWithTheReadmesHeap() throws Exception {
        String columns = IntStream.range(1, COLUMNS).mapToObj(c -> "c" + c + (c % 3 == 0 ? " DOUBLE" : " INT")).collect(Collectors.joining(", "));
        String values = IntStream.range(1, COLUMNS).mapToObj(c -> c % 3 == 0 ? "seq / " + c : "seq * " + c).collect(Collectors.joining(", "));
        SourceTables.sql("CREATE TABLE " + wide.name() + " (id INT NOT NULL PRIMARY KEY, " + columns + ")",
                "INSERT INTO " + wide.name() + " SELECT seq, " + values + " FROM seq_1_to_" + ROWS);
        try (Cluster cluster = new Cluster("wide")) {
            cluster.workerSetting("MALLOC_ARENA_MAX", "2").workerJvm("-Xms96m", "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k");
            cluster.startCoordinator();
            cluster.startWorker();

            String id = cluster.submit(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", wide.name(), "chunkSize", 1500))))
                    .path("id").asText();
            JsonNode job = cluster.await(id, Duration.ofMinutes(4));

            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("rowsWritten").asLong()).isEqualTo(ROWS);
            Output.assertExact(cluster, id, wide.name(), downloads);
        }
    }
}
