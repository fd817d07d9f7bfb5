package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobState;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.plan.TaskRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/** The coordinator's side of the Redis protocol: creating jobs, reading their state, reaping, finishing. */
public final class JobStore {
    private static final LuaScript EXPIRE = LuaScript.load("expire");
    private static final LuaScript CANCEL = LuaScript.load("cancel");
    private static final LuaScript RETRY = LuaScript.load("retry");
    private static final LuaScript FINISH_BEGIN = LuaScript.load("finish_begin");
    private static final LuaScript LEAD = LuaScript.load("lead");
    /** Tasks written per Redis round trip when a job is created. */
    private static final int BATCH = 1000;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public JobStore(UnifiedJedis redis, RedisKeys keys) {
        this.redis = requireNonNull(redis, "redis");
        this.keys = requireNonNull(keys, "keys");
    }

    public RedisKeys keys() {
        return keys;
    }

    /**
     * Creates the job and queues all its tasks as PENDING in one MULTI/EXEC, so workers never see half a job and
     * a crash here leaves no orphan task.
     */
    public void create(JobPlan plan) {
        restore(plan, Map.of());
    }

    /**
     * Creates the job with some tasks already done (their parts found in the sink after Redis lost the job) and
     * queues the rest, atomically like {@link #create}.
     *
     * @param done committed parts by task id
     */
    public void restore(JobPlan plan, Map<String, DonePart> done) {
        String jobId = plan.jobId();
        long total = plan.taskCount();
        long rows = done.values().stream().mapToLong(DonePart::rows).sum();
        long bytes = done.values().stream().mapToLong(DonePart::bytes).sum();
        AbstractTransaction tx = redis.multi();
        Map<String, String> job = new LinkedHashMap<>();
        job.put("state", JobState.RUNNING.name());
        job.put("plan", Json.write(plan));
        job.put("source", plan.source());
        job.put("sink", plan.sink());
        job.put("run", plan.run());
        job.put("createdAt", Long.toString(plan.createdAtMillis()));
        job.put("total", Long.toString(total));
        job.put("pending", Long.toString(total - done.size()));
        job.put("progress", "0");
        job.put("success", Integer.toString(done.size()));
        job.put("failed", "0");
        job.put("rows", Long.toString(rows));
        job.put("bytes", Long.toString(bytes));
        tx.hset(keys.job(jobId), job);
        List<String> ids = new ArrayList<>(BATCH);
        List<String> queued = new ArrayList<>(BATCH);
        for (TablePlan table : plan.tables()) {
            for (long seq = 0; seq < table.taskCount(); seq++) {
                TaskRef ref = new TaskRef(jobId, table.index(), seq);
                IdRange range = table.range(seq);
                Map<String, String> task = new HashMap<>();
                task.put("job", jobId);
                task.put("table", Integer.toString(table.index()));
                task.put("seq", Long.toString(seq));
                task.put("lo", range.lo().toString());
                task.put("hi", range.hi().toString());
                task.put("token", "0");
                task.put("maxAttempt", Integer.toString(plan.maxAttempts()));
                task.put("updatedAt", Long.toString(plan.createdAtMillis()));
                DonePart part = done.get(ref.id());
                if (part == null) {
                    task.put("state", "PENDING");
                    task.put("attempt", "0");
                    queued.add(ref.id());
                } else {
                    task.put("state", "SUCCESS");
                    task.put("attempt", Integer.toString(part.attempt()));
                    task.put("rows", Long.toString(part.rows()));
                    task.put("rowsRead", Long.toString(part.rows()));
                    task.put("bytes", Long.toString(part.bytes()));
                    task.put("key", part.key());
                    task.put("completed", "1");
                }
                tx.hset(keys.task(ref.id()), task);
                ids.add(ref.id());
                if (ids.size() == BATCH) {
                    flush(tx, jobId, ids, queued);
                }
            }
        }
        flush(tx, jobId, ids, queued);
        tx.zadd(keys.jobs(), plan.createdAtMillis(), jobId);
        tx.sadd(keys.activeJobs(), jobId);
        tx.exec();
    }

    /** A part found in the sink: which task wrote it, on which attempt, with how many rows. */
    public record DonePart(String key, long rows, long bytes, int attempt) {
    }

    private void flush(AbstractTransaction tx, String jobId, List<String> ids, List<String> queued) {
        if (!ids.isEmpty()) {
            tx.rpush(keys.jobTasks(jobId), ids.toArray(String[]::new));
            ids.clear();
        }
        if (!queued.isEmpty()) {
            tx.lpush(keys.pending(), queued.toArray(String[]::new));
            queued.clear();
        }
    }

    public Optional<JobRecord> job(String jobId) {
        Map<String, String> hash = redis.hgetAll(keys.job(jobId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(JobRecord.from(jobId, hash));
    }

    /** Job ids, newest first. */
    public List<String> jobIds(long offset, long limit) {
        return redis.zrevrange(keys.jobs(), offset, offset + limit - 1);
    }

    public Set<String> activeJobIds() {
        return redis.smembers(keys.activeJobs());
    }

    public Optional<TaskRecord> task(String taskId) {
        Map<String, String> hash = redis.hgetAll(keys.task(taskId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(TaskRecord.from(taskId, hash));
    }

    public long taskCount(String jobId) {
        return redis.llen(keys.jobTasks(jobId));
    }

    /** Tasks of a job in plan order, {@code limit} of them from {@code offset}. */
    public List<TaskRecord> tasks(String jobId, long offset, long limit) {
        List<String> ids = redis.lrange(keys.jobTasks(jobId), offset, offset + limit - 1);
        List<TaskRecord> tasks = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<Response<Map<String, String>>> responses = new ArrayList<>(slice.size());
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String id : slice) {
                    responses.add(pipeline.hgetAll(keys.task(id)));
                }
                pipeline.sync();
            }
            for (int i = 0; i < slice.size(); i++) {
                Map<String, String> hash = responses.get(i).get();
                if (!hash.isEmpty()) {
                    tasks.add(TaskRecord.from(slice.get(i), hash));
                }
            }
        }
        return tasks;
    }

    public List<TaskRecord> allTasks(String jobId) {
        return tasks(jobId, 0, Long.MAX_VALUE / 2);
    }

    /** Returns expired leases to the queue (or fails them); yields task id to its new state. */
    public Map<String, String> expireLeases(int max) {
        List<?> reply = (List<?>) EXPIRE.run(redis, List.of(keys.leases(), keys.pending()), List.of(keys.prefix(), Integer.toString(max)));
        Map<String, String> handled = new LinkedHashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            handled.put(reply.get(i).toString(), reply.get(i + 1).toString());
        }
        return handled;
    }

    /** True when every task of the job is done and the caller should finish it now (state FINISHING). */
    public boolean beginFinish(String jobId) {
        return TaskQueue.toLong(FINISH_BEGIN.run(redis, List.of(keys.job(jobId)), List.of())) == 1;
    }

    /** The state the job was in when it began finishing: RUNNING, or CANCELLING for a cancelled job. */
    public JobState finishingFrom(String jobId) {
        String from = redis.hget(keys.job(jobId), "finishingFrom");
        return from == null ? JobState.RUNNING : JobState.valueOf(from);
    }

    public void finish(String jobId, JobState state, String error, long finishedAtMillis) {
        if (state.isActive()) {
            throw new IllegalArgumentException("a finished job cannot be " + state);
        }
        Map<String, String> fields = new HashMap<>();
        fields.put("state", state.name());
        fields.put("finishedAt", Long.toString(finishedAtMillis));
        fields.put("error", error == null ? "" : error);
        AbstractTransaction tx = redis.multi();
        tx.hset(keys.job(jobId), fields);
        tx.srem(keys.activeJobs(), jobId);
        tx.exec();
    }

    /** Cancels a running job; returns the pending tasks dropped, or -1 when the job is not running. */
    public long cancel(String jobId) {
        return TaskQueue.toLong(CANCEL.run(redis, List.of(keys.job(jobId), keys.jobTasks(jobId)), List.of(keys.prefix())));
    }

    /** Re-queues a job's FAILED tasks with {@code attempts} more attempts each; -1 when the job is busy finishing. */
    public long retryFailed(String jobId, int attempts) {
        return TaskQueue.toLong(RETRY.run(redis,
                List.of(keys.job(jobId), keys.jobTasks(jobId), keys.pending(), keys.activeJobs()),
                List.of(keys.prefix(), Integer.toString(attempts), jobId)));
    }

    public void markCompleted(String taskId) {
        redis.hset(keys.task(taskId), "completed", "1");
    }

    /** {@code <key> <uploadId>} of every upload the job's attempts started. */
    public Set<String> uploads(String jobId) {
        return redis.smembers(keys.jobUploads(jobId));
    }

    public void forgetUploads(String jobId) {
        redis.del(keys.jobUploads(jobId));
    }

    /** Takes or renews the coordinator lock for {@code ttl}; true when this owner holds it. */
    public boolean lead(String owner, Duration ttl) {
        return TaskQueue.toLong(LEAD.run(redis, List.of(keys.coordinatorLock()), List.of(owner, Long.toString(ttl.toMillis())))) == 1;
    }

    public long pendingLength() {
        return redis.llen(keys.pending());
    }

    public long delayedCount() {
        return redis.zcard(keys.delayed());
    }
}
