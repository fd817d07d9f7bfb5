package io.extractor.worker;

import io.extractor.job.JobSpec;
import io.extractor.plan.JobPlan;
import io.extractor.plan.JobPlanner;
import io.extractor.plan.PlannerSettings;
import io.extractor.queue.JobRecord;
import io.extractor.queue.JobStore;
import io.extractor.queue.Lease;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkSettings;
import io.extractor.source.SourceSettings;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import io.extractor.worker.task.TaskRunner;
import io.extractor.worker.task.WorkerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A worker's task runner wired to the real Redis, MariaDB and an S3Proxy, with the real planner in front, in one
 * test process. Keys and prefixes are unique to the harness.
 */
public final class WorkerHarness implements AutoCloseable {
    public final String prefix = TestServices.unique("worker");
    public final RedisClient redis = RedisClients.create(TestServices.redisUrl(), 16, "extractor-worker-test");
    public final RedisKeys keys = new RedisKeys(prefix);
    public final TaskQueue queue = new TaskQueue(redis, keys);
    public final JobStore store = new JobStore(redis, keys);
    public final Sink sink;
    /** A plain client on the harness's bucket, to look at what the worker left there. */
    public final S3Client s3;
    public final SourceSettings source = new SourceSettings("db", TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
    public final ExecutorService pipeline = Executors.newCachedThreadPool();
    public final TaskRunner runner;
    public final JobPlanner planner;

    public WorkerHarness(S3ProxyServer s3, String bucket) {
        this(s3, bucket, settings(Duration.ofSeconds(30)));
    }

    public WorkerHarness(S3ProxyServer s3, String bucket, WorkerSettings settings) {
        this(s3, bucket, settings, null);
    }

    /** @param workerSource what the worker knows as source "db", when it differs from the planner's (to break it) */
    public WorkerHarness(S3ProxyServer s3, String bucket, WorkerSettings settings, SourceSettings workerSource) {
        this.s3 = s3.client();
        sink = Sink.open(new SinkSettings("s3", Optional.of(s3.endpoint()), S3ProxyServer.REGION, bucket, prefix, true,
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY)));
        runner = new TaskRunner(queue, Map.of("db", workerSource == null ? source : workerSource), Map.of("s3", sink), settings, pipeline);
        planner = new JobPlanner(Map.of("db", source), Map.of("s3", sink), PlannerSettings.defaults(), Clock.systemUTC());
    }

    public static WorkerSettings settings(Duration lease) {
        return settings(lease, Duration.ofMillis(10));
    }

    public static WorkerSettings settings(Duration lease, Duration retryBackoff) {
        return settings(lease, retryBackoff, Map.of());
    }

    /**
     * Small batches, pieces and row groups, so a test table of a few thousand rows crosses every boundary, and
     * {@code more} properties ({@code extractor.worker.fetch-size} and so on) over them.
     */
    public static WorkerSettings settings(Duration lease, Duration retryBackoff, Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.ofEntries(
                Map.entry("extractor.worker.id", "test-worker"),
                Map.entry("extractor.worker.lease", lease.toMillis() + "ms"),
                Map.entry("extractor.worker.heartbeat", Math.max(1, lease.toMillis() / 5) + "ms"),
                Map.entry("extractor.worker.idle-poll", "50ms"),
                Map.entry("extractor.worker.batch-rows", "64"),
                Map.entry("extractor.worker.batch-bytes", "1M"),
                Map.entry("extractor.worker.upload-piece-size", "5M"),
                Map.entry("extractor.worker.retry-backoff", retryBackoff.toMillis() + "ms"),
                Map.entry("extractor.worker.max-retry-backoff", retryBackoff.multipliedBy(10).toMillis() + "ms"),
                Map.entry("extractor.worker.shutdown-grace", "5s"),
                Map.entry("extractor.worker.sink-patience", "5s"),
                Map.entry("extractor.worker.read-timeout", "30s"),
                Map.entry("extractor.worker.max-row-bytes", "4M"),
                Map.entry("extractor.parquet.row-group-size", "1M"),
                Map.entry("extractor.parquet.page-size", "64K"),
                Map.entry("extractor.parquet.dictionary-page-size", "64K")));
        properties.putAll(more);
        return WorkerSettings.of(properties);
    }

    /** The defaults of extractor.worker.* and extractor.parquet.* (see WorkerConfig), for measurements. */
    public static WorkerSettings defaults() {
        return WorkerSettings.of(Map.of("extractor.worker.id", "probe-worker", "extractor.worker.max-row-bytes", "12M"));
    }

    public JobPlan submit(JobSpec spec) throws Exception {
        JobPlan plan = planner.plan(spec);
        store.create(plan, java.util.List.of());
        return plan;
    }

    /** Claims and runs tasks until none is runnable. */
    public int drain() {
        int ran = 0;
        Optional<Lease> lease;
        while ((lease = queue.claim("test-worker", Duration.ofSeconds(30))).isPresent()) {
            runner.run(lease.get());
            ran++;
        }
        return ran;
    }

    public JobRecord job(String id) {
        return store.job(id).orElseThrow();
    }

    public List<Path> parts(JobPlan plan, int table, Path dir) {
        String folder = sink.layout().runFolder(plan.table(table).output(), plan.run());
        return S3Objects.downloadParquet(s3, sink.settings().bucket(), folder, dir);
    }

    @Override
    public void close() {
        pipeline.shutdownNow();
        TestServices.deleteKeys(redis, prefix);
        redis.close();
        sink.close();
        s3.close();
    }
}
