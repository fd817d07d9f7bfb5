package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobState;
import io.extractor.queue.RedisKeys.JobField;
import io.extractor.queue.RedisKeys.TaskField;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

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
    private static final LuaScript SPLIT_PROPOSE = LuaScript.load("split_propose");

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

    /**
     * Writes each source's cap on concurrent tasks where the claim script reads it; the coordinator does this at
     * start and with every submit, so a Redis that lost its data gets the caps back with the first job.
     */
    public void publishStreamCaps(Map<String, Integer> maxStreams) {
        maxStreams.forEach((source, cap) -> redis.hset(keys.source(source), RedisKeys.SOURCE_MAX_STREAMS, Integer.toString(cap)));
    }

    /** Tasks reading from {@code source} now. */
    public long streams(String source) {
        return redis.smembers(keys.sourceStreams(source)).stream()
                .filter(id -> "PROGRESS".equals(redis.hget(keys.task(id), TaskField.STATE.field()))).count();
    }

    /** Workers that found the queue empty within the last {@code within}, by the Redis clock. */
    public long idleWorkers(Duration within) {
        List<?> time = (List<?>) redis.sendCommand(Protocol.Command.TIME);
        long now = Long.parseLong(SafeEncoder.encode((byte[]) time.get(0))) * 1000 + Long.parseLong(SafeEncoder.encode((byte[]) time.get(1))) / 1000;
        return redis.zcount(keys.idleWorkers(), now - within.toMillis(), Double.POSITIVE_INFINITY);
    }

    /**
     * Asks the attempt holding {@code task} (by its token) to end its range at {@code cut}; false when it no longer
     * holds it, its range changed, the job stopped, or a proposal is already open. The attempt answers at its next
     * heartbeat.
     *
     * @param headRows estimated rows of {@code [lo, cut)}
     * @param tailRows estimated rows of {@code [cut, hi)}
     */
    public boolean proposeSplit(TaskRecord task, BigInteger cut, long headRows, long tailRows) {
        if (cut.compareTo(task.range().lo()) <= 0 || cut.compareTo(task.range().hi()) >= 0) {
            throw new IllegalArgumentException("cut " + cut + " is not inside task " + task.id() + " " + task.range());
        }
        return TaskQueue.toLong(SPLIT_PROPOSE.run(redis, List.of(keys.task(task.id()), keys.job(task.ref().jobId())),
                List.of(Long.toString(task.token()), cut.toString(), Long.toString(headRows), Long.toString(tailRows),
                        task.range().hi().toString()))) == 1;
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
