package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.FailureKind;
import io.extractor.job.TaskState;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.RedisKeys.JobField;
import io.extractor.queue.RedisKeys.TaskField;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The worker's side of the Redis protocol. Every call is one atomic script; every call after the claim carries
 * the lease's fencing token, so a late or duplicate report from an attempt that lost its lease changes nothing.
 */
public final class TaskQueue {
    private static final Logger LOG = Logger.getLogger(TaskQueue.class);
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript COMMIT = LuaScript.load("commit");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript SPLIT = LuaScript.load("split");
    /** Stale or poisoned entries one claim may skip before giving up for this round. */
    private static final int MAX_SKIPS = 100;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public TaskQueue(UnifiedJedis redis, RedisKeys keys) {
        this.redis = requireNonNull(redis, "redis");
        this.keys = requireNonNull(keys, "keys");
    }

    public RedisKeys keys() {
        return keys;
    }

    /** Takes the next runnable task for {@code worker}, or empty when none is waiting. */
    public Optional<Lease> claim(String worker, Duration lease) {
        List<?> reply = (List<?>) CLAIM.run(redis,
                List.of(keys.pending(), keys.delayed(), keys.leases(), keys.poison(), keys.idleWorkers()),
                List.of(keys.taskPrefix(), keys.jobPrefix(), worker, Long.toString(lease.toMillis()), Integer.toString(MAX_SKIPS),
                        keys.sourcePrefix()));
        String kind = reply.get(0).toString();
        String notes = reply.get(reply.size() - 1).toString();
        if (!notes.isEmpty()) {
            for (String note : notes.split("\n")) {
                LOG.warnf("queue: %s", note);
            }
        }
        if (!"task".equals(kind)) {
            return Optional.empty();
        }
        TaskRef ref = TaskRef.parse(reply.get(1).toString());
        IdRange range = TaskRecord.range(reply.get(6).toString(), reply.get(7).toString());
        return Optional.of(new Lease(ref, range, toInt(reply.get(2)), toInt(reply.get(5)), toLong(reply.get(3)), toLong(reply.get(4))));
    }

    /** The plan of a job, which a worker needs to run any of its tasks; empty when Redis no longer has the job. */
    public Optional<JobPlan> plan(String jobId) {
        String json = redis.hget(keys.job(jobId), JobField.PLAN.field());
        return json == null ? Optional.empty() : Optional.of(Json.read(json, JobPlan.class));
    }

    public Heartbeat heartbeat(Lease lease, Duration length, long rowsRead) {
        return heartbeat(lease, length, rowsRead, null, Duration.ZERO);
    }

    /**
     * Renews the lease and records progress.
     *
     * @param readTo the last id the attempt has read, null before its first batch: where a split may cut
     * @param every  time between this worker's heartbeats: how soon it will hear of a split
     */
    public Heartbeat heartbeat(Lease lease, Duration length, long rowsRead, BigInteger readTo, Duration every) {
        List<?> reply = (List<?>) HEARTBEAT.run(redis,
                List.of(keys.task(lease.taskId()), keys.leases(), keys.job(lease.task().jobId())),
                List.of(lease.taskId(), Long.toString(lease.token()), Long.toString(length.toMillis()), Long.toString(rowsRead),
                        readTo == null ? "" : readTo.toString(), Long.toString(every.toMillis())));
        return switch (toInt(reply.get(0))) {
            case 1 -> Heartbeat.HELD;
            case 2 -> Heartbeat.CANCELLED;
            case 3 -> Heartbeat.split(new BigInteger(reply.get(2).toString()));
            default -> Heartbeat.FENCED;
        };
    }

    /** What became of an attempt's answer to a split proposal. */
    public enum SplitOutcome {
        /** The range now ends at the cut; the rest is a new pending task. */
        SPLIT,
        /** The proposal is cleared; the range is unchanged. */
        DECLINED,
        /** Another attempt holds the task: stop, publish nothing. */
        FENCED,
        /** No proposal at that cut, or the job stopped running: the range is unchanged. */
        REFUSED
    }

    /**
     * Answers the split proposal at {@code cut}: accepting ends the attempt's range there and queues the rest as a
     * new task, which it returns. The attempt must already have bounded its read at {@code cut} before it accepts.
     *
     * @param attempts attempts the new task may spend
     */
    public SplitOutcome split(Lease lease, BigInteger cut, boolean accept, int attempts) {
        String jobId = lease.task().jobId();
        List<?> reply = (List<?>) SPLIT.run(redis,
                List.of(keys.task(lease.taskId()), keys.job(jobId), keys.pending(), keys.jobTasks(jobId), keys.jobTasks(jobId, TaskState.PENDING),
                        keys.activeTasks()),
                List.of(lease.taskId(), Long.toString(lease.token()), cut.toString(), accept ? "1" : "0", keys.taskPrefix(),
                        Integer.toString(attempts)));
        return switch (toInt(reply.get(0))) {
            case 1 -> SplitOutcome.SPLIT;
            case 2 -> SplitOutcome.DECLINED;
            case 0 -> SplitOutcome.FENCED;
            default -> SplitOutcome.REFUSED;
        };
    }

    /** Remembers an upload an attempt started, so the coordinator can abort it if the attempt never commits. */
    public void registerUpload(Lease lease, String key, String uploadId) {
        redis.sadd(keys.jobUploads(lease.task().jobId()), key + " " + uploadId);
    }

    /** Commits the attempt's part over the lease's whole range; see {@link #commit(Lease, IdRange, PartReport)}. */
    public boolean commit(Lease lease, PartReport part) {
        return commit(lease, lease.range(), part);
    }

    /**
     * Commits the attempt's part, which holds the ids of {@code range} ({@code [lo, hi)}: the lease's range, or less
     * after a split); false when the attempt was fenced or the task's range no longer ends at {@code range.hi()}, in
     * which case its upload must be aborted.
     */
    public boolean commit(Lease lease, IdRange range, PartReport part) {
        Object reply = COMMIT.run(redis,
                List.of(keys.task(lease.taskId()), keys.leases(), keys.job(lease.task().jobId()), index(lease, TaskState.PROGRESS),
                        index(lease, TaskState.SUCCESS)),
                List.of(lease.taskId(), Long.toString(lease.token()), Long.toString(part.rows()), Long.toString(part.bytes()),
                        part.hasPart() ? part.key() : "", part.hasPart() ? part.uploadId() : "", String.join(",", part.etags()),
                        Long.toString(part.durationMillis()), range.hi().toString()));
        return toLong(reply) == 1;
    }

    /** Marks a committed part's upload completed, i.e. the part is visible in the sink. */
    public void markCompleted(TaskRef task) {
        redis.hset(keys.task(task.id()), TaskField.COMPLETED.field(), "1");
    }

    /**
     * Reports a failed attempt. Whether the task runs again follows from the kind ({@link Lease#retries}) and the
     * job still running; the kind is kept on the task beside the message, and counted on the job when it fails.
     */
    public FailOutcome fail(Lease lease, FailureKind kind, String error, Duration backoff) {
        List<?> reply = (List<?>) FAIL.run(redis,
                List.of(keys.task(lease.taskId()), keys.leases(), keys.job(lease.task().jobId()), keys.delayed(),
                        index(lease, TaskState.PROGRESS), index(lease, TaskState.PENDING), index(lease, TaskState.FAILED)),
                List.of(lease.taskId(), Long.toString(lease.token()), error, kind.label(), lease.retries(kind) ? "1" : "0",
                        Long.toString(backoff.toMillis())));
        return switch (toInt(reply.get(0))) {
            case 1 -> FailOutcome.RETRYING;
            case 2 -> FailOutcome.FAILED;
            default -> FailOutcome.FENCED;
        };
    }

    /** Hands the task back unspent, at the front of the queue; false when the attempt was fenced already. */
    public boolean release(Lease lease, String reason) {
        Object reply = RELEASE.run(redis,
                List.of(keys.task(lease.taskId()), keys.leases(), keys.job(lease.task().jobId()), keys.pending(),
                        index(lease, TaskState.PROGRESS), index(lease, TaskState.PENDING)),
                List.of(lease.taskId(), Long.toString(lease.token()), reason));
        return toLong(reply) == 1;
    }

    private String index(Lease lease, TaskState state) {
        return keys.jobTasks(lease.task().jobId(), state);
    }

    public long pendingLength() {
        return redis.llen(keys.pending());
    }

    static long toLong(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }

    static int toInt(Object value) {
        return (int) toLong(value);
    }
}
