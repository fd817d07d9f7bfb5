package io.extractor.queue;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.plan.ColumnPlan;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.testkit.TestServices;
import io.extractor.types.ColumnKind;
import java.math.BigInteger;
import java.util.List;
import redis.clients.jedis.RedisClient;

/** A namespaced slice of the real Redis, with a queue and a store over it. */
final class QueueFixture implements AutoCloseable {
    final RedisClient redis;
    final String prefix;
    final RedisKeys keys;
    final TaskQueue queue;
    final JobStore store;
    final JobMaintenance maintenance;
    final JobRetention retention;

    QueueFixture() {
        this(TestServices.unique("queue") + ":");
    }

    /** @param prefix key prefix with its colon */
    QueueFixture(String prefix) {
        this(RedisClient.create(java.net.URI.create(TestServices.redisUrl())), prefix);
    }

    /** Over a Redis of the test's own; the fixture closes the client. */
    QueueFixture(RedisClient redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
        this.keys = new RedisKeys(prefix);
        this.queue = new TaskQueue(redis, keys);
        this.store = new JobStore(redis, keys);
        this.maintenance = new JobMaintenance(redis, keys);
        this.retention = new JobRetention(redis, keys);
    }

    /** A job of one table whose ids 1..tasks*10 split into {@code tasks} ranges of 10. */
    JobPlan job(String jobId, int tasks, int maxAttempts) {
        return job(jobId, tasks, maxAttempts, List.of());
    }

    /** The same, writing the run folders of {@code writers}. */
    JobPlan job(String jobId, int tasks, int maxAttempts, List<String> writers) {
        TablePlan table = new TablePlan(0, "test", "orders", "orders", "id",
                List.of(ColumnPlan.of("id", ColumnKind.INT64, false, "bigint")), null,
                BigInteger.ONE, BigInteger.valueOf(tasks * 10L), BigInteger.valueOf(Long.MAX_VALUE), BigInteger.TEN, tasks);
        JobSpec spec = new JobSpec("src", "sink", null, null, maxAttempts, List.of(new TableSpec("orders", null, null, null, 10L)));
        JobPlan plan = new JobPlan(jobId, "src", "sink", jobId, maxAttempts, System.currentTimeMillis(), List.of(table), spec);
        store.create(plan, writers);
        return plan;
    }

    @Override
    public void close() {
        TestServices.deleteKeys(redis, prefix);
        redis.close();
    }
}
