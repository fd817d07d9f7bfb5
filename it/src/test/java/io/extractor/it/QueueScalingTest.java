package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.ParquetVerifier;
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
 * The workers scaled by queue depth as {@code k8s/base/worker-scaling.yaml} asks KEDA to, played by
 * {@link QueueScaler} on real worker processes: from zero to several and back to zero while the scale-downs stop
 * busy workers, and nothing is lost or retried. This is a model of KEDA and the HPA, not KEDA itself.
 */
class QueueScalingTest {
    private static final int ROWS = 300_000;
    /** 22 tasks, the last of 6,000 rows: not a multiple of the workers, so the run ends with fewer tasks than workers. */
    private static final long CHUNK = 14_000;
    /** Each task reads at most this many rows a second: 9 s a task at best (10-15 s measured here), at most 6,000 rows/s for four. */
    private static final String RATE = "1500";
    /**
     * The ScaledObject allows 8; this machine has 2 cores shared with other builds, and a worker JVM takes most of a
     * core while it starts, so 4 workers (beside the coordinator, S3Proxy and MariaDB) is as many as start in seconds.
     */
    private static final int MAX_HERE = 4;

    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("scale");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void workersScaledByQueueDepthGoFromZeroToSeveralAndBackWhileScaleDownsStopBusyWorkersAndNoRowOrAttemptIsLost() throws Exception {
        SourceTables.createOrders(table, ROWS);
        try (Cluster cluster = new Cluster("queue-scaling")) {
            // The base's times shortened about tenfold: pollingInterval 10 s -> 1 s, cooldownPeriod 120 s -> 5 s,
            // stabilizationWindowSeconds 60 s -> 3 s; the worker's shutdown-grace 20 s -> 2 s, so a stopped busy worker
            // hands its task back; terminationGracePeriodSeconds 60 s -> 30 s, generous for busy cores: no worker
            // should need SIGKILL.
            QueueScaler.Policy policy = QueueScaler.Policy.read(Path.of(System.getProperty("extractor.k8s.base", "../k8s/base"), "worker-scaling.yaml"),
                    cluster.prefix, MAX_HERE, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(30));
            assertThat(policy.formula()).as("formula of the base's ScaledObject").containsExactlyInAnyOrder("pending", "running");
            assertThat(policy.keys()).containsEntry("pending", cluster.prefix + ":pending").containsEntry("running", cluster.prefix + ":leases");
            cluster.workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", RATE)
                    .workerSetting("EXTRACTOR_WORKER_SLOTS", Integer.toString(policy.target())) // target = tasks per worker
                    .workerSetting("EXTRACTOR_WORKER_SHUTDOWN_GRACE", "2s")
                    // the Cluster's 4 s lease is for tests that kill; here a heartbeat late on busy cores must not
                    // cost an attempt, which would read as one spent by a scale-down
                    .workerSetting("EXTRACTOR_WORKER_LEASE", "15s");
            cluster.startCoordinator();

            String id;
            JsonNode job;
            try (QueueScaler scaler = QueueScaler.start(cluster, policy)) {
                awaitTicks(scaler, 3);
                assertThat(scaler.startedWorkers()).as("workers started with no work").isZero();

                id = cluster.submit(Map.of("source", "db", "sink", "s3",
                        "tables", List.of(Map.of("table", table, "chunkSize", CHUNK)))).path("id").asText();
                job = cluster.await(id, Duration.ofMinutes(4));
                // after the job: cooldown, then zero workers, and every stopped one has exited
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while ((scaler.workers() > 0 || scaler.terminating() > 0) && System.nanoTime() < deadline) {
                    Cluster.sleep(250);
                }
                List<QueueScaler.Stop> stops = scaler.stops();
                long busy = stops.stream().filter(QueueScaler.Stop::busy).count();
                long handedBack = 0;
                for (QueueScaler.Stop stop : stops) {
                    if (Files.readString(cluster.logs.resolve(stop.worker() + ".log")).contains("handed back to the queue on shutdown")) {
                        handedBack++;
                    }
                }
                String summary = String.format("queue scaling: %d workers started, peak %d, %d stopped by scale-downs, %d of them busy, %d handed a task back;"
                                + " timeline in %s", scaler.startedWorkers(), scaler.peak(), stops.size(), busy, handedBack, scaler.timelineFile());
                System.out.println(summary);
                scaler.timeline().forEach(System.out::println);

                assertThat(scaler.errors()).as("scaler errors").isEmpty();
                assertThat(scaler.workers()).as("workers once the job is done and the cooldown over").isZero();
                assertThat(scaler.terminating()).as("stopped workers still running").isZero();
                assertThat(scaler.peak()).as("peak workers").isGreaterThanOrEqualTo(3);
                assertThat(scaler.unexpectedExits()).as("workers that exited unasked").isZero();
                assertThat(busy).as("scale-downs that stopped a worker holding a lease; %s", summary).isPositive();
                assertThat(handedBack).as("stopped workers that handed a task back; %s", summary).isPositive();
                for (QueueScaler.Stop stop : stops) {
                    assertThat(stop.exit().join()).as("exit code of %s after SIGTERM (-1: SIGKILL after the grace)", stop.worker()).isZero();
                }
            }

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            ParquetVerifier.Result result = Output.assertExact(cluster, id, table, downloads);
            assertThat(result.sourceRows()).isEqualTo(ROWS);
            assertThat(job.path("rowsWritten").asLong()).isEqualTo(ROWS);
            for (JsonNode task : cluster.tasks(id)) {
                assertThat(task.path("attempt").asInt()).as("attempts of task %s (%s)", task.path("id").asText(), task.path("lastError").asText())
                        .isEqualTo(1);
            }
        }
    }

    private static void awaitTicks(QueueScaler scaler, int ticks) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (scaler.timeline().stream().filter(line -> line.contains("metric=")).count() < ticks && System.nanoTime() < deadline) {
            Cluster.sleep(100);
        }
        assertThat(scaler.timeline().stream().filter(line -> line.contains("metric=")).count()).as("scaler ticks").isGreaterThanOrEqualTo(ticks);
    }
}
