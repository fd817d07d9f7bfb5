package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.ParquetVerifier;
import io.extractor.testkit.SourceTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Workers die (SIGKILL) or freeze mid-task; the job still ends with every source row exactly once. */
class WorkerCrashTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("crash");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void workersKilledAtRandomMomentsCostOnlyTheirTasks() throws Exception {
        SourceTables.createOrders(table, 200_000, 600);
        Random random = new Random();
        try (Cluster cluster = new Cluster("kill9")) {
            // each task reads at most 5,000 rows/s, so the job lasts long enough to be hit several times, and
            // small row groups and pieces put each part's upload in flight well before the task ends
            piecesInFlight(cluster).workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "5000");
            cluster.startCoordinator();
            List<Process> workers = new ArrayList<>(List.of(cluster.startWorker(), cluster.startWorker()));
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 30_000)))).path("id").asText();

            int kills = 0;
            for (int round = 0; round < 4; round++) {
                Cluster.sleep(1500 + random.nextInt(2000));
                if (!"RUNNING".equals(cluster.job(id).path("state").asText())) {
                    break;
                }
                Process victim = workers.remove(random.nextInt(workers.size()));
                Cluster.kill(victim);
                kills++;
                workers.add(cluster.startWorker());
                if (round % 2 == 1) {
                    workers.add(cluster.startWorker()); // and scale out now and then
                }
            }
            JsonNode job = cluster.await(id, Duration.ofMinutes(4));

            assertThat(kills).as("workers killed while the job ran").isGreaterThanOrEqualTo(2);
            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            ParquetVerifier.Result result = Output.assertExact(cluster, id, table, downloads);
            assertThat(result.sourceRows()).isEqualTo(200_000);
            assertThat(job.path("rowsWritten").asLong()).isEqualTo(200_000);
            long retried = 0;
            for (JsonNode task : cluster.tasks(id)) {
                if (task.path("attempt").asInt() > 1) {
                    retried++;
                    assertThat(task.path("lastError").asText()).contains("lease expired");
                }
            }
            assertThat(retried).as("tasks that needed another attempt after a kill").isPositive();
        }
    }

    @Test
    void aFrozenWorkerThatWakesUpAfterItsTaskMovedOnChangesNothing() throws Exception {
        SourceTables.createOrders(table, 40_000, 600);
        try (Cluster cluster = new Cluster("fenced")) {
            piecesInFlight(cluster).workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "5000").workerSetting("EXTRACTOR_WORKER_SLOTS", "1");
            cluster.startCoordinator();
            Process sleeper = cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 100_000)))).path("id").asText();
            awaitRowsRead(cluster, id, 25_000); // by now some of its part has been uploaded

            signal(sleeper, "STOP"); // a long GC pause, a frozen VM: no heartbeat, but the process lives on
            Cluster.sleep(7_000); // longer than the 4 s lease; the reaper hands the task out again
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "0");
            cluster.startWorker();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));
            signal(sleeper, "CONT"); // wakes up holding a lease that is long gone
            Cluster.sleep(4_000);

            assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
            JsonNode task = cluster.tasks(id).get(0);
            assertThat(task.path("worker").asText()).isEqualTo("worker-2");
            assertThat(task.path("attempt").asInt()).isEqualTo(2);
            Output.assertExact(cluster, id, table, downloads);
            assertThat(java.nio.file.Files.readString(cluster.logs.resolve("worker-1.log"))).contains("lease went to another attempt");
            Cluster.kill(sleeper);
        }
    }

    @Test
    void anUploadStartedByAnAttemptThatDiedBeforeRecordingItIsDiscardedWhenTheJobFinishes() throws Exception {
        SourceTables.createOrders(table, 20_000);
        try (Cluster cluster = new Cluster("unrecorded")) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "5000");
            cluster.startCoordinator();
            cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 10_000)))).path("id").asText();
            // what a worker killed right after S3 created its upload, before Redis heard of it, leaves behind
            String key = "out/" + table + "/run=" + id + "/part-00000.parquet";
            try (S3Client s3 = cluster.s3.client()) {
                s3.createMultipartUpload(b -> b.bucket(cluster.bucket).key(key));

                JsonNode job = cluster.await(id, Duration.ofMinutes(2));

                assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
                assertThat(s3.listMultipartUploads(b -> b.bucket(cluster.bucket)).uploads()).as("uploads left open").isEmpty();
            }
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    /** 4 MiB row groups and 5 MiB pieces: a task's upload starts after about 10,000 rows of this table. */
    static Cluster piecesInFlight(Cluster cluster) {
        return cluster.workerSetting("EXTRACTOR_PARQUET_ROW_GROUP_SIZE", "4M").workerSetting("EXTRACTOR_WORKER_UPLOAD_PIECE_SIZE", "5M");
    }

    static void awaitRowsRead(Cluster cluster, String id, long rows) {
        cluster.awaitTask(id, Duration.ofSeconds(60), "read " + rows + " rows",
                task -> task.path("state").asText().equals("PROGRESS") && task.path("rows").asLong() >= rows);
    }

    static void signal(Process process, String signal) throws Exception {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        assertThat(code).as("kill -%s", signal).isZero();
    }
}
