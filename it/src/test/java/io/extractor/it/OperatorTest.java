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
import software.amazon.awssdk.services.s3.S3Client;

/** What an operator does with a job: cancel it, retry what failed, run it again. */
class OperatorTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("ops");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void cancelStopsRunningTasksAndDiscardsTheirOutputThenRetryCompletesTheJob() throws Exception {
        SourceTables.createOrders(table, 60_000, 600);
        try (Cluster cluster = new Cluster("cancel")) {
            WorkerCrashTest.piecesInFlight(cluster).workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "4000")
                    .workerSetting("EXTRACTOR_WORKER_SLOTS", "2");
            cluster.startCoordinator();
            cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 15_000)))).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 12_000); // two tasks running, each with a piece uploaded

            JsonNode cancelled = cluster.post("api/jobs/" + id + "/cancel", 202);
            JsonNode job = cluster.await(id, Duration.ofSeconds(60));

            long total = job.path("tasks").path("total").asLong();
            assertThat(cancelled.path("droppedTasks").asLong()).as("all but the two running").isEqualTo(total - 2);
            assertThat(job.path("state").asText()).isEqualTo("CANCELLED");
            assertThat(job.path("tasks").path("failed").asLong()).isEqualTo(total);
            for (JsonNode task : cluster.tasks(id)) {
                assertThat(task.path("error").asText()).contains("cancelled by an operator");
            }
            try (S3Client s3 = cluster.s3.client()) {
                assertThat(s3.listMultipartUploads(b -> b.bucket(cluster.bucket)).uploads()).as("partial uploads discarded").isEmpty();
                assertThat(s3.listObjectsV2(b -> b.bucket(cluster.bucket).prefix("out/" + table + "/")).contents())
                        .as("no part of a cancelled task, and no _SUCCESS").allMatch(o -> o.key().endsWith("_manifest.json"));
            }

            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "0");
            cluster.startWorker();
            assertThat(cluster.post("api/jobs/" + id + "/retry", 202).path("requeuedTasks").asLong()).isEqualTo(total);
            JsonNode retried = cluster.await(id, Duration.ofMinutes(2));
            assertThat(retried.path("state").asText()).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    @Test
    void aRerunReplacesTheRunsOutputAndNeverDuplicatesIt() throws Exception {
        SourceTables.createOrders(table, 30_000);
        try (Cluster cluster = new Cluster("rerun")) {
            cluster.startCoordinator();
            cluster.startWorker();
            String first = cluster.submit(Map.of("source", "db", "sink", "s3", "run", "2026-11-23",
                    "tables", List.of(Map.of("table", table, "chunkSize", 5_000)))).path("id").asText();
            assertThat(cluster.await(first, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("SUCCEEDED");

            // the same run again is refused unless asked to overwrite; a rerun does exactly that
            SourceTables.sql("DELETE FROM " + table + " WHERE id > 25000");
            String second = cluster.post("api/jobs/" + first + "/rerun", 201).path("id").asText();
            JsonNode job = cluster.await(second, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(job.path("run").asText()).isEqualTo("2026-11-23");
            String folder = "out/" + table + "/run=2026-11-23/";
            try (S3Client s3 = cluster.s3.client()) {
                List<Path> parts = io.extractor.testkit.S3Objects.downloadParquet(s3, cluster.bucket, folder, java.nio.file.Files.createDirectories(downloads.resolve("rerun")));
                var result = io.extractor.testkit.ParquetVerifier.compare(table, "id", parts);
                assertThat(result.differences()).as("the folder holds the second run only, once").isEmpty();
                assertThat(result.parquetRows()).isEqualTo(result.sourceRows());
            }
        }
    }
}
