package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The service as it will live: one coordinator and two workers (run as the README sizes them) through hundreds
 * of jobs in a row while API readers poll it, then one job of thousands of tasks. Every answer is 2xx or 4xx,
 * every job succeeds with every row, retention keeps Redis bounded, and what each process holds (threads, open
 * files, Redis connections, heap after a full GC, worker RSS) is where it was once the first jobs had run.
 */
class SoakTest {
    private static final int JOBS = 300;
    private static final int WARM_UP = 40;
    private static final int IN_FLIGHT = 4;
    private static final int RETAINED = 40;
    private static final int ROWS = 2000;
    private static final int MANY_TASKS = 3000;

    @RegisterExtension
    final ScratchTable small = new ScratchTable("soak");
    @RegisterExtension
    final ScratchTable many = new ScratchTable("soakmany");

    @Test
    void hundredsOfJobsAndThousandsOfTasksLeaveNothingBehindWhileTheApiAnswersThroughout() throws Exception {
        SourceTables.sql("CREATE TABLE " + small.name() + " (id INT NOT NULL PRIMARY KEY, note VARCHAR(20), amount DECIMAL(10,2), at DATETIME)",
                "INSERT INTO " + small.name() + " SELECT seq, CONCAT('note ', seq), seq / 7, '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_" + ROWS,
                "CREATE TABLE " + many.name() + " (id INT NOT NULL PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO " + many.name() + " SELECT seq, CONCAT('n', seq) FROM seq_1_to_" + MANY_TASKS);
        try (Cluster cluster = new Cluster("soak")) {
            cluster.coordinatorSetting("EXTRACTOR_COORDINATOR_ID", "soak-coordinator")
                    .coordinatorSetting("EXTRACTOR_COORDINATOR_FINISH_INTERVAL", "200ms")
                    .coordinatorSetting("EXTRACTOR_COORDINATOR_RETENTION_MAX_JOBS", Integer.toString(RETAINED))
                    .coordinatorSetting("EXTRACTOR_COORDINATOR_RETENTION_INTERVAL", "1s");
            cluster.workerSetting("EXTRACTOR_WORKER_IDLE_POLL", "50ms")
                    .workerSetting("MALLOC_ARENA_MAX", "2")
                    .workerJvm("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Xss512k", "-XX:TrimNativeHeapInterval=5000",
                            "-XX:CompileCommand=quiet", "-XX:CompileCommand=MemLimit,*.*,32m");
            cluster.startCoordinator();
            List<Process> workers = List.of(cluster.startWorker(), cluster.startWorker());

            try (Readers readers = new Readers(cluster, 3)) {
                runJobs(cluster, WARM_UP);
                Snapshot warm = Snapshot.take(cluster, workers);
                runJobs(cluster, JOBS - WARM_UP);
                Snapshot afterJobs = Snapshot.take(cluster, workers);

                assertStaysFlat("coordinator", warm.coordinator(), afterJobs.coordinator());
                assertThat(afterJobs.coordinatorRedis()).as("coordinator's Redis connections").isLessThanOrEqualTo(Math.max(warm.coordinatorRedis() + 2, 16));
                for (int w = 0; w < workers.size(); w++) {
                    assertStaysFlat("worker-" + (w + 1), warm.workers().get(w), afterJobs.workers().get(w));
                    assertRssStaysFlat("worker-" + (w + 1), warm.workers().get(w), afterJobs.workers().get(w));
                    assertThat(afterJobs.workerRedis().get(w)).as("worker-" + (w + 1) + "'s Redis connections").isLessThanOrEqualTo(6);
                }

                // one job of thousands of one-row tasks: the worker's footprint must not grow with tasks served
                String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                        "tables", List.of(Map.of("table", many.name(), "chunkSize", 1)))).path("id").asText();
                JsonNode job = cluster.await(id, Duration.ofMinutes(8));
                assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
                assertThat(job.path("rowsWritten").asLong()).isEqualTo(MANY_TASKS);
                Snapshot afterTasks = Snapshot.take(cluster, workers);
                for (int w = 0; w < workers.size(); w++) {
                    String worker = "worker-" + (w + 1) + " after " + MANY_TASKS + " more tasks";
                    assertStaysFlat(worker, afterJobs.workers().get(w), afterTasks.workers().get(w));
                    assertRssStaysFlat(worker, afterJobs.workers().get(w), afterTasks.workers().get(w));
                }
                assertStaysFlat("coordinator after a job of " + MANY_TASKS + " tasks", afterJobs.coordinator(), afterTasks.coordinator());

                readers.stop();
                assertThat(readers.failures).as("answers that were 5xx or no answer at all").isEmpty();
                assertThat(readers.requests.get()).as("requests the readers made").isGreaterThan(200);
            }

            // retention keeps the newest finished jobs only, with their keys
            awaitRetention(cluster);
            try (RedisClient redis = cluster.redis()) {
                long keys = countKeys(redis, cluster.prefix + ":");
                assertThat(keys).as("keys under the prefix after " + (JOBS + 1) + " jobs, " + RETAINED + " retained")
                        .isLessThan(MANY_TASKS + 20L * RETAINED + 50);
            }
            System.out.println("soak: " + JOBS + " jobs, then " + MANY_TASKS + " tasks; logs in " + cluster.logs);
        }
    }

    /** Runs {@code count} jobs of the small table, {@link #IN_FLIGHT} at a time; each must succeed with every row. */
    private void runJobs(Cluster cluster, int count) {
        List<String> running = new ArrayList<>();
        int submitted = 0;
        while (submitted < count || !running.isEmpty()) {
            while (submitted < count && running.size() < IN_FLIGHT) {
                running.add(cluster.submit(Map.of("source", "db", "sink", "s3",
                        "tables", List.of(Map.of("table", small.name(), "chunkSize", ROWS / 2)))).path("id").asText());
                submitted++;
            }
            String id = running.removeFirst();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("rowsWritten").asLong()).isEqualTo(ROWS);
        }
    }

    /**
     * Flat: nothing grows with the work done. The margins absorb what a JVM does by itself (a JIT thread, a pool
     * thread kept alive, a GC that left a little more); a leak per job or per task is far larger.
     */
    private static void assertStaysFlat(String process, ProcessProbe.Reading before, ProcessProbe.Reading after) {
        String what = process + ": " + before + " -> " + after;
        System.out.println("soak: " + what);
        assertThat(after.threads()).as(what).isLessThanOrEqualTo(before.threads() + 6);
        assertThat(after.files()).as(what).isLessThanOrEqualTo(before.files() + 10);
        assertThat(after.heapUsedKib()).as(what).isLessThanOrEqualTo(before.heapUsedKib() + Math.max(12 * 1024, before.heapUsedKib() / 4));
    }

    /**
     * A worker runs with the README's fixed, pre-touched heap, so its RSS is a measure too: it must not grow with
     * tasks served (it did, by 80 MiB over 1,500 tasks, before the README's JIT and malloc-trim flags).
     */
    private static void assertRssStaysFlat(String process, ProcessProbe.Reading before, ProcessProbe.Reading after) {
        assertThat(after.rssKib()).as(process + ": RSS " + before.rssKib() / 1024 + " -> " + after.rssKib() / 1024 + " MiB")
                .isLessThanOrEqualTo(before.rssKib() + 48 * 1024);
    }

    private static void awaitRetention(Cluster cluster) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long total = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            total = Long.parseLong(cluster.get("api/jobs?limit=1").headers().firstValue("X-Total-Count").orElse("-1"));
            if (total <= RETAINED) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("retention kept " + total + " jobs, more than " + RETAINED);
    }

    private static long countKeys(RedisClient redis, String prefix) {
        long count = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            count += page.getResult().size();
            cursor = page.getCursor();
        } while (!"0".equals(cursor));
        return count;
    }

    /** What the coordinator and each worker hold, and their connections to Redis. */
    record Snapshot(ProcessProbe.Reading coordinator, long coordinatorRedis, List<ProcessProbe.Reading> workers, List<Long> workerRedis) {
        static Snapshot take(Cluster cluster, List<Process> workers) {
            try (RedisClient redis = cluster.redis()) {
                List<ProcessProbe.Reading> readings = new ArrayList<>();
                List<Long> connections = new ArrayList<>();
                for (int w = 0; w < workers.size(); w++) {
                    readings.add(new ProcessProbe(workers.get(w).pid()).read());
                    connections.add(TestServices.redisClients(redis, "extractor-worker-worker-" + (w + 1)));
                }
                return new Snapshot(new ProcessProbe(cluster.coordinatorPid()).read(),
                        TestServices.redisClients(redis, "extractor-coordinator-soak-coordinator"), readings, connections);
            }
        }
    }

    /** API readers polling what an operator's browser and scripts would, for as long as the soak runs. */
    static final class Readers implements AutoCloseable {
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong requests = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<String> latest = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();

        Readers(Cluster cluster, int count) {
            for (int i = 0; i < count; i++) {
                Thread thread = new Thread(() -> poll(cluster), "api-reader-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void poll(Cluster cluster) {
            int round = 0;
            while (!stop.get()) {
                String id = latest.get();
                String path = switch (round++ % 5) {
                    case 0 -> "api/jobs?limit=50";
                    case 1 -> id == null ? "api/jobs" : "api/jobs/" + id;
                    case 2 -> id == null ? "api/jobs" : "api/jobs/" + id + "/tasks?state=SUCCESS&limit=10";
                    case 3 -> id == null ? "api/jobs" : "api/jobs/" + id + "/tasks?offset=1&limit=100";
                    default -> "";
                };
                try {
                    HttpResponse<String> response = cluster.get(path);
                    requests.incrementAndGet();
                    if (response.statusCode() >= 500) {
                        failures.add(path + " answered " + response.statusCode() + ": " + response.body());
                    } else if (path.equals("api/jobs?limit=50") && response.statusCode() == 200) {
                        JsonNode jobs = Cluster.JSON.readTree(response.body());
                        if (!jobs.isEmpty()) {
                            latest.set(jobs.get(0).path("id").asText());
                        }
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(path + ": " + e);
                }
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
