package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.SourceTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM, as a Kubernetes rolling update or scale-down sends it: nothing is lost and the worker exits 0. */
class ShutdownTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("term");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void aTaskThatCannotFinishWithinTheGraceGoesBackWithoutSpendingAnAttempt() throws Exception {
        SourceTables.createOrders(table, 60_000);
        try (Cluster cluster = new Cluster("sigterm-handback")) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "4000")
                    .workerSetting("EXTRACTOR_WORKER_SLOTS", "1")
                    .workerSetting("EXTRACTOR_WORKER_SHUTDOWN_GRACE", "2s");
            cluster.startCoordinator();
            Process first = cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 100_000)))).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 4_000); // 15 s of work left, far beyond the 2 s grace

            long started = System.nanoTime();
            int exit = Cluster.terminate(first, Duration.ofSeconds(30));

            assertThat(exit).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            JsonNode task = cluster.tasks(id).get(0);
            assertThat(task.path("state").asText()).isEqualTo("PENDING");
            assertThat(task.path("attempt").asInt()).as("attempts spent").isZero();
            assertThat(Files.readString(cluster.logs.resolve("worker-1.log"))).contains("handed back to the queue on shutdown");

            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "0");
            cluster.startWorker();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));
            assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(cluster.tasks(id).get(0).path("attempt").asInt()).isEqualTo(1);
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    @Test
    void aTaskThatFinishesWithinTheGraceIsCommittedBeforeTheWorkerExits() throws Exception {
        SourceTables.createOrders(table, 20_000);
        try (Cluster cluster = new Cluster("sigterm-finish")) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "5000")
                    .workerSetting("EXTRACTOR_WORKER_SLOTS", "1")
                    .workerSetting("EXTRACTOR_WORKER_SHUTDOWN_GRACE", "30s");
            cluster.startCoordinator();
            Process worker = cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 100_000)))).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 5_000);

            int exit = Cluster.terminate(worker, Duration.ofSeconds(40));

            assertThat(exit).isZero();
            JsonNode task = cluster.tasks(id).get(0);
            assertThat(task.path("state").asText()).isEqualTo("SUCCESS");
            assertThat(task.path("attempt").asInt()).isEqualTo(1);
            assertThat(cluster.await(id, Duration.ofSeconds(30)).path("state").asText()).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
        }
    }
}
