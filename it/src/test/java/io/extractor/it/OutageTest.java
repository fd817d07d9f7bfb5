package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.RedisServer;
import io.extractor.testkit.SourceTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Redis and the sink go away mid-job and come back; the job still ends with exact output. */
class OutageTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("outage");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void aRedisRestartMidJobIsRiddenOut() throws Exception {
        SourceTables.createOrders(table, 120_000);
        try (RedisServer redis = RedisServer.start(true); Cluster cluster = new Cluster("redis-restart", redis.url())) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "6000");
            cluster.startCoordinator();
            cluster.startWorker();
            cluster.startWorker();
            String id = cluster.submit(spec(20_000)).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 3_000);

            redis.kill();
            Cluster.sleep(6_000); // longer than a lease: every lease looks expired when Redis comes back
            redis.restart();

            JsonNode job = cluster.await(id, Duration.ofMinutes(3));
            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    @Test
    void aSinkOutageMidJobIsRiddenOut() throws Exception {
        SourceTables.createOrders(table, 60_000, 600);
        try (Cluster cluster = new Cluster("s3-outage")) {
            WorkerCrashTest.piecesInFlight(cluster).workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "6000");
            cluster.startCoordinator();
            cluster.startWorker();
            cluster.startWorker();
            String id = cluster.submit(spec(20_000)).path("id").asText();
            WorkerCrashTest.awaitRowsRead(cluster, id, 8_000);

            cluster.s3.stop();
            Cluster.sleep(60_000); // a minute without the sink: uploads wait it out (sink-patience), nothing fails
            cluster.s3.restart();

            JsonNode job = cluster.await(id, Duration.ofMinutes(3));
            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    @Test
    void whenRedisComesBackEmptyTheJobResumesFromTheSinkWithoutExtractingCommittedPartsAgain() throws Exception {
        SourceTables.createOrders(table, 100_000);
        try (RedisServer redis = RedisServer.start(false); Cluster cluster = new Cluster("redis-lost", redis.url())) {
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "10000").workerSetting("EXTRACTOR_WORKER_SLOTS", "1");
            cluster.startCoordinator();
            cluster.startWorker();
            String id = cluster.submit(spec(20_000)).path("id").asText();
            awaitSuccesses(cluster, id, 2);

            redis.restart(); // no persistence: every job, task and lease is gone
            Map<String, Instant> before = partsWritten(cluster);
            assertThat(before).hasSizeGreaterThanOrEqualTo(2);

            JsonNode resumed = cluster.post("api/jobs/" + id + "/resume", 201);
            assertThat(resumed.path("tasks").path("success").asLong()).isGreaterThanOrEqualTo(2);
            JsonNode job = cluster.await(id, Duration.ofMinutes(3));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, downloads);
            Map<String, Instant> after = partsWritten(cluster);
            before.forEach((key, written) -> assertThat(after.get(key)).as("%s was not written again", key).isEqualTo(written));
            cluster.post("api/jobs/" + id + "/resume", 409);
        }
    }

    private Map<String, Object> spec(long chunk) {
        return Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", table, "chunkSize", chunk)));
    }

    private static void awaitSuccesses(Cluster cluster, String id, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (cluster.job(id).path("tasks").path("success").asLong() >= count) {
                return;
            }
            Cluster.sleep(200);
        }
        throw new AssertionError("job " + id + " did not commit " + count + " tasks in time; logs in " + cluster.logs);
    }

    private static Map<String, Instant> partsWritten(Cluster cluster) {
        Map<String, Instant> parts = new HashMap<>();
        try (S3Client s3 = cluster.s3.client()) {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(cluster.bucket).prefix("out/")).contents()) {
                if (object.key().endsWith(".parquet")) {
                    parts.put(object.key(), object.lastModified());
                }
            }
        }
        return parts;
    }
}
