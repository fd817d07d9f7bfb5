package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Removes finished jobs from Redis once they are older than the retention age or beyond the newest {@code keep}
 * of them, so Redis does not grow with every job a deployment ever ran. Their output and manifests stay in the
 * sink. A job leaves the API in one atomic step; its task keys then go in batches, so removing a job of 100,000
 * tasks never blocks Redis for long, and a coordinator that dies halfway leaves the rest to the next one.
 */
public final class JobRetention {
    private static final LuaScript FORGET = LuaScript.load("forget");

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public JobRetention(UnifiedJedis redis, RedisKeys keys) {
        this.redis = requireNonNull(redis, "redis");
        this.keys = requireNonNull(keys, "keys");
    }

    /** Finished jobs to remove now, oldest first, at most {@code max}: finished before {@code now - maxAge}, or beyond the newest {@code keep}. */
    public List<String> due(long nowMillis, Duration maxAge, long keep, int max) {
        Set<String> due = new LinkedHashSet<>(redis.zrangeByScore(keys.finishedJobs(), Double.NEGATIVE_INFINITY,
                (double) (nowMillis - maxAge.toMillis()), 0, max));
        long beyond = redis.zcard(keys.finishedJobs()) - keep;
        if (beyond > 0 && due.size() < max) {
            due.addAll(redis.zrange(keys.finishedJobs(), 0, Math.min(beyond, max) - 1));
        }
        return new ArrayList<>(due).subList(0, Math.min(due.size(), max));
    }

    /** Takes a finished job out of the API at once; false when it is active, which is never removed. */
    public boolean forget(String jobId) {
        Object reply = FORGET.run(redis, List.of(keys.job(jobId), keys.jobs(), keys.finishedJobs(), keys.forgettingJobs()), List.of(jobId));
        return TaskQueue.toLong(reply) == 1;
    }

    /** Jobs whose keys are being removed. */
    public Set<String> forgetting() {
        return redis.smembers(keys.forgettingJobs());
    }

    /** Deletes up to {@code batch} task keys of a job being forgotten; true once nothing of the job is left. */
    public boolean sweep(String jobId, int batch) {
        String list = keys.jobTasks(jobId);
        List<String> ids = redis.lrange(list, 0, batch - 1L);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            if (ids.isEmpty()) {
                List<String> rest = new ArrayList<>(List.of(list, keys.jobUploads(jobId), keys.jobAudit(jobId)));
                for (TaskState state : TaskState.values()) {
                    rest.add(keys.jobTasks(jobId, state));
                }
                pipeline.unlink(rest.toArray(String[]::new));
                pipeline.srem(keys.forgettingJobs(), jobId);
            } else {
                pipeline.unlink(ids.stream().map(keys::task).toArray(String[]::new));
                pipeline.ltrim(list, ids.size(), -1);
            }
            pipeline.sync();
        }
        return ids.isEmpty();
    }
}
