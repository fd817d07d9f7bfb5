package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.RedisServer;
import io.extractor.testkit.SourceTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work stealing with real processes: a long task is split for an idle worker while it runs, and then its worker is
 * killed, frozen past its lease, or the job is cancelled, or Redis loses everything; each time the output holds every
 * source row exactly once, and the manifest each part's true range.
 */
class SplitTest {
    private static final int ROWS = 120_000;

    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("split");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    /** Two one-slot workers, the first alone on one long task: the second sits idle until the task is split. */
    private Cluster cluster(String name, RedisServer redis) {
        Cluster cluster = redis == null ? new Cluster(name) : new Cluster(name, redis.url());
        return cluster.workerSetting("EXTRACTOR_WORKER_SLOTS", "1").workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "8000")
                .coordinatorSetting("EXTRACTOR_SPLIT_MIN_ROWS", "5000").coordinatorSetting("EXTRACTOR_SPLIT_MIN_TIME", "2s");
    }

    private String submitOneTask(Cluster cluster) {
        return cluster.submit(Map.of("source", "db", "sink", "s3",
                "tables", List.of(Map.of("table", table, "chunkSize", 1_000_000)))).path("id").asText();
    }

    /** A running job, and the worker running its one planned task, which has just been split for a second worker. */
    private record Splitting(String id, Process first) {
    }

    private Splitting splitWhileRunning(Cluster cluster) {
        cluster.startCoordinator();
        Process first = cluster.startWorker();
        String id = submitOneTask(cluster);
        WorkerCrashTest.awaitRowsRead(cluster, id, 2_000);
        cluster.startWorker(); // idle: the queue is empty
        awaitSplit(cluster, id);
        return new Splitting(id, first);
    }

    /** Waits until the job's one planned task has been split, and the part split off is running. */
    private static JsonNode awaitSplit(Cluster cluster, String id) {
        return cluster.awaitTask(id, Duration.ofSeconds(60), "a task split off and running",
                task -> !task.path("splitFrom").isNull() && task.path("state").asText().equals("PROGRESS"));
    }

    @Test
    void aLongTaskIsSplitForAnIdleWorkerAndEveryRowLandsOnce() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (Cluster cluster = cluster("split", null)) {
            cluster.startCoordinator();
            cluster.startWorker();
            String id = submitOneTask(cluster);
            WorkerCrashTest.awaitRowsRead(cluster, id, 2_000);
            cluster.startWorker(); // idle: the queue is empty

            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            JsonNode tasks = cluster.tasks(id);
            assertThat(tasks.size()).as("tasks after splitting").isGreaterThanOrEqualTo(2);
            assertThat(tasks.get(0).path("splits").asInt()).isPositive();
            assertThat(tasks.get(1).path("splitFrom").asText()).isEqualTo(tasks.get(0).path("id").asText());
            assertThat(tasks.get(0).path("hi").asText()).isEqualTo(tasks.get(1).path("lo").asText());
            Output.assertExact(cluster, id, table, downloads);
            assertManifestTilesTheTable(cluster, id);
        }
    }

    @Test
    void aSplitTaskWhoseWorkerIsKilledIsReadAgainOverItsShortenedRangeOnly() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (Cluster cluster = cluster("split-kill", null)) {
            Splitting split = splitWhileRunning(cluster);
            String id = split.id();

            Cluster.kill(split.first()); // the head's attempt dies; its lease expires and the range it kept runs again
            cluster.startWorker();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            JsonNode head = cluster.tasks(id).get(0);
            assertThat(head.path("attempt").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(head.path("lastError").asText()).contains("lease expired");
            Output.assertExact(cluster, id, table, downloads);
            assertManifestTilesTheTable(cluster, id);
        }
    }

    @Test
    void aSplitTaskWhoseWorkerFreezesPastItsLeaseChangesNothingWhenItWakes() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (Cluster cluster = cluster("split-freeze", null)) {
            Splitting split = splitWhileRunning(cluster);
            String id = split.id();
            Process sleeper = split.first();

            WorkerCrashTest.signal(sleeper, "STOP");
            Cluster.sleep(7_000); // past the 4 s lease
            cluster.startWorker();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));
            WorkerCrashTest.signal(sleeper, "CONT");
            Cluster.sleep(3_000);

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
            assertManifestTilesTheTable(cluster, id);
            Cluster.kill(sleeper);
        }
    }

    @Test
    void aJobCancelledAfterASplitEndsCancelledAndItsRetryCompletesItExactly() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (Cluster cluster = cluster("split-cancel", null)) {
            String id = splitWhileRunning(cluster).id();

            cluster.post("api/jobs/" + id + "/cancel", 202);
            JsonNode cancelled = cluster.await(id, Duration.ofMinutes(1));
            assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
            cluster.post("api/jobs/" + id + "/retry", 202);
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
            assertManifestTilesTheTable(cluster, id);
        }
    }

    @Test
    void afterRedisLosesAJobWhoseRangeWasSplitTheResumeKeepsEachCommittedPartAndReadsOnlyTheGaps() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (RedisServer redis = RedisServer.start(false); Cluster cluster = cluster("split-lost", redis)) {
            String id = splitWhileRunning(cluster).id();
            cluster.awaitTask(id, Duration.ofSeconds(60), "a committed part", task -> task.path("state").asText().equals("SUCCESS")
                    && !task.path("part").isNull());

            redis.restart(); // no persistence: every job, task and lease is gone
            cluster.post("api/jobs/" + id + "/resume", 201);
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
            assertManifestTilesTheTable(cluster, id);
        }
    }

    /** The manifest's parts, in id order, tile the table's ids: each starts where the one before ended. */
    private void assertManifestTilesTheTable(Cluster cluster, String id) throws Exception {
        Path manifest = downloads.resolve(id + "-manifest.json");
        try (software.amazon.awssdk.services.s3.S3Client s3 = cluster.s3.client()) {
            s3.getObject(b -> b.bucket(cluster.bucket).key("out/" + table + "/run=" + id + "/_manifest.json"), manifest);
        }
        JsonNode parts = Cluster.JSON.readTree(Files.readString(manifest)).path("parts");
        assertThat(parts.size()).isPositive();
        long rows = 0;
        for (int i = 0; i < parts.size(); i++) {
            rows += parts.get(i).path("rows").asLong();
            if (i > 0) {
                assertThat(parts.get(i).path("lo").asText()).as("part %d starts where part %d ends", i, i - 1)
                        .isEqualTo(parts.get(i - 1).path("hi").asText());
            }
        }
        assertThat(rows).isEqualTo(ROWS);
    }
}
