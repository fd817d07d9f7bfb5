package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.SourceTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator dies (SIGKILL) while tasks run, and again when every task is done but the job is not yet
 * finished. Leases, progress and commits live in Redis, so workers carry on without it, and the coordinator
 * started next picks the job up where it was.
 */
class CoordinatorCrashTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("coordkill");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void aKilledCoordinatorCostsNoTaskAndTheNextOneFinishesTheJob() throws Exception {
        SourceTables.createOrders(table, 120_000, 300);
        try (Cluster cluster = new Cluster("coordinator-kill")) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "4000");
            cluster.startCoordinator();
            cluster.startWorker();
            cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 20_000)))).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 4_000);

            cluster.killCoordinator(); // mid-job: tasks are streaming
            Cluster.sleep(6_000); // longer than a lease: nobody reaps, and workers must not need anyone to
            // the next coordinator looks for finished jobs only every 10 minutes, so the job waits, done but open
            cluster.coordinatorSetting("EXTRACTOR_COORDINATOR_FINISH_INTERVAL", "10m");
            cluster.startCoordinator();
            JsonNode done = awaitAllTasksDone(cluster, id);
            assertThat(done.path("state").asText()).as("not finished yet").isEqualTo("RUNNING");

            cluster.killCoordinator(); // every task done, no manifest, no _SUCCESS yet
            cluster.coordinatorSetting("EXTRACTOR_COORDINATOR_FINISH_INTERVAL", "1s");
            cluster.startCoordinator();
            JsonNode job = cluster.await(id, Duration.ofMinutes(1)); // after the dead one's leadership expires

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            for (JsonNode task : cluster.tasks(id)) {
                assertThat(task.path("attempt").asInt()).as("task %s ran once: losing the coordinator costs no work", task.path("id").asText())
                        .isEqualTo(1);
            }
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    private static JsonNode awaitAllTasksDone(Cluster cluster, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = cluster.job(id);
            JsonNode tasks = job.path("tasks");
            if (tasks.path("success").asLong() == tasks.path("total").asLong()) {
                return job;
            }
            Cluster.sleep(200);
        }
        throw new AssertionError("the tasks of " + id + " did not all succeed within 90 s; logs in " + cluster.logs);
    }
}
