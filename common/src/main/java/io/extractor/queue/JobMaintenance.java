package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobState;
import io.extractor.queue.RedisKeys.JobField;
import io.extractor.queue.RedisKeys.TaskField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the one coordinator holding the lock does to keep the queue moving: take the lock, return tasks whose lease
 * ran out, finish jobs whose tasks are all done, and settle their uploads. Job records are {@link JobStore}'s;
 * removing old jobs is {@link JobRetention}'s.
 */
public final class JobMaintenance {
    private static final LuaScript EXPIRE = LuaScript.load("expire");
    private static final LuaScript FINISH_BEGIN = LuaScript.load("finish_begin");
    private static final LuaScript FINISH = LuaScript.load("finish");
    private static final LuaScript LEAD = LuaScript.load("lead");

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public JobMaintenance(UnifiedJedis redis, RedisKeys keys) {
        this.redis = requireNonNull(redis, "redis");
        this.keys = requireNonNull(keys, "keys");
    }

    /** Takes or renews the coordinator lock for {@code ttl}; true when this owner holds it. */
    public boolean lead(String owner, Duration ttl) {
        return TaskQueue.toLong(LEAD.run(redis, List.of(keys.coordinatorLock()), List.of(owner, Long.toString(ttl.toMillis())))) == 1;
    }

    /** Returns expired leases to the queue (or fails them); yields task id to its new state. */
    public Map<String, String> expireLeases(int max) {
        List<?> reply = (List<?>) EXPIRE.run(redis, List.of(keys.leases(), keys.pending()),
                List.of(keys.taskPrefix(), keys.jobPrefix(), Integer.toString(max)));
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
        String from = redis.hget(keys.job(jobId), JobField.FINISHING_FROM.field());
        return from == null ? JobState.RUNNING : JobState.valueOf(from);
    }

    /**
     * Records the outcome of a FINISHING job and frees its run folders; false when the job was not finishing
     * (another coordinator finished it first).
     */
    public boolean finish(String jobId, JobState state, String error, long finishedAtMillis) {
        if (state.isActive()) {
            throw new IllegalArgumentException("a finished job cannot be " + state);
        }
        List<String> k = new ArrayList<>(List.of(keys.job(jobId), keys.activeJobs(), keys.finishedJobs(), keys.activeTasks()));
        k.addAll(JobStore.writers(redis, keys, jobId));
        Object reply = FINISH.run(redis, k, List.of(jobId, state.name(), Long.toString(finishedAtMillis), error == null ? "" : error));
        return TaskQueue.toLong(reply) == 1;
    }

    /** Marks a committed part's upload completed, i.e. the part is visible in the sink. */
    public void markCompleted(String taskId) {
        redis.hset(keys.task(taskId), TaskField.COMPLETED.field(), "1");
    }

    /** {@code <key> <uploadId>} of every upload the job's attempts started. */
    public Set<String> uploads(String jobId) {
        return redis.smembers(keys.jobUploads(jobId));
    }

    public void forgetUploads(String jobId) {
        redis.del(keys.jobUploads(jobId));
    }
}
