package io.extractor.worker.bench;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.plan.JobPlan;
import io.extractor.queue.Lease;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import io.extractor.worker.WorkerHarness;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a probe for tuning the pipeline. Runs one task over the benchmark table a few times and prints
 * the CPU each thread group used. Run with
 * {@code ./mvnw -pl worker -am test -Dtest=PipelineProbe -Dprobe.rows=3000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "probe.rows", matches = "\\d+")
class PipelineProbe {
    @Test
    void probe() throws Exception {
        long rows = Long.getLong("probe.rows");
        String table = System.getProperty("probe.table", "bench_orders");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String bucket = TestServices.unique("probe");
            s3.createBucket(bucket);
            try (WorkerHarness worker = new WorkerHarness(s3, bucket, WorkerHarness.defaults())) {
                for (int round = 0; round < 3; round++) {
                    JobPlan plan = worker.submit(new JobSpec("db", "s3", null, null, null,
                            List.of(new TableSpec(table, null, null, "id <= " + rows, rows))));
                    Lease lease = worker.queue.claim("probe", Duration.ofMinutes(5)).orElseThrow();
                    Map<String, Long> before = cpuByGroup(threads);
                    long gcBefore = gcMillis();
                    long start = System.nanoTime();
                    worker.runner.run(lease);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Map<String, Long> after = cpuByGroup(threads);
                    StringBuilder line = new StringBuilder(String.format("round %d: %.2f s, %.0f rows/s; CPU s:", round, seconds, rows / seconds));
                    after.forEach((group, nanos) -> {
                        double used = (nanos - before.getOrDefault(group, 0L)) / 1e9;
                        if (used > 0.05) {
                            line.append(String.format(" %s %.2f", group, used));
                        }
                    });
                    line.append(String.format(" gc %.2f; part %d bytes", (gcMillis() - gcBefore) / 1000.0,
                            worker.store.allTasks(plan.jobId()).getFirst().bytes()));
                    System.out.println(line);
                    worker.store.cancel(plan.jobId());
                }
            }
        }
    }

    private static Map<String, Long> cpuByGroup(ThreadMXBean threads) {
        Map<String, Long> groups = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long cpu = threads.getThreadCpuTime(thread.threadId());
            if (cpu > 0) {
                groups.merge(thread.getName().replaceAll("-?\\d+$", ""), cpu, Long::sum);
            }
        }
        return groups;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
