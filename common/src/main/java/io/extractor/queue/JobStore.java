package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.RedisKeys.JobField;
import io.extractor.queue.RedisKeys.TaskField;
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

/**
 * Job records, the coordinator's side of the Redis protocol for the API: reserving, creating and restoring jobs,
 * reading jobs and tasks, cancelling and retrying. The worker's side is {@link TaskQueue}; the lock holder's
 * upkeep is {@link JobMaintenance}. Every transaction and pipeline is closed where it is opened: each holds a
 * pooled connection until it is.
 */
public final class JobStore {
    private static final LuaScript CANCEL = LuaScript.load("cancel");
    private static final LuaScript RETRY = LuaScript.load("retry");
    private static final LuaScript RESERVE = LuaScript.load("reserve");
    private static final LuaScript UNRESERVE = LuaScript.load("unreserve");
    /** Tasks written or read per Redis round trip. */
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

    /** What {@link #reserve} found. */
    public record Reservation(Outcome outcome, String folderKey, String holder) {
        public enum Outcome {
            /** The id and every folder are this job's until it is created, or the reservation expires. */
            RESERVED,
            /** Another job has this id: pick another. */
            ID_TAKEN,
            /** {@code holder} is writing (or submitting into) the folder of {@code folderKey}. */
            FOLDER_BUSY
        }
    }

    /**
     * Reserves a job id and the run folders its job will write, before anything is written to the sink. Until
     * {@link #create} or {@link #unreserve}, or {@code ttl}, no other job may take either.
     *
     * @param writers {@link RedisKeys#writer} of each run folder the job writes
     */
    public Reservation reserve(String jobId, List<String> writers, Duration ttl) {
        List<String> k = new ArrayList<>(List.of(keys.job(jobId), keys.reservation(jobId), keys.forgettingJobs()));
        k.addAll(writers);
        List<?> reply = (List<?>) RESERVE.run(redis, k, List.of(keys.jobPrefix(), jobId, Long.toString(ttl.toMillis())));
        return switch (reply.get(0).toString()) {
            case "ok" -> new Reservation(Reservation.Outcome.RESERVED, null, null);
            case "taken" -> new Reservation(Reservation.Outcome.ID_TAKEN, null, null);
            default -> new Reservation(Reservation.Outcome.FOLDER_BUSY, reply.get(1).toString(), reply.get(2).toString());
        };
    }

    /** Gives back a reservation whose job was never created. */
    public void unreserve(String jobId, List<String> writers) {
        List<String> k = new ArrayList<>(List.of(keys.reservation(jobId)));
        k.addAll(writers);
        UNRESERVE.run(redis, k, List.of(jobId));
    }

    /**
     * Creates the job and queues all its tasks as PENDING in one MULTI/EXEC, so workers never see half a job and
     * a crash here leaves no orphan task. Makes the job's reservation permanent.
     */
    public void create(JobPlan plan, List<String> writers) {
        restore(plan, writers, planned(plan), plan.taskCount(), plan.taskCount());
    }

    /** One task of a job being created or restored: its range, and its part when the sink already holds it. */
    public record TaskSeed(TaskRef ref, IdRange range, Long estimatedRows, DonePart done) {
        public TaskSeed {
            requireNonNull(ref, "ref");
            requireNonNull(range, "range");
        }
    }

    /** The plan's tasks, made as they are written rather than held: a job may have a hundred thousand. */
    private static Iterable<TaskSeed> planned(JobPlan plan) {
        return () -> plan.tables().stream()
                .flatMap(table -> java.util.stream.LongStream.range(0, table.taskCount())
                        .mapToObj(seq -> new TaskSeed(new TaskRef(plan.jobId(), table.index(), seq), table.range(seq), table.estimatedRows(seq), null)))
                .iterator();
    }

    /**
     * Creates the job with some tasks already done (their parts found in the sink after Redis lost the job) and
     * queues the rest, atomically like {@link #create}. The tasks are written in the order given, which is their
     * position: each table's planned tasks first, in plan order, one for each planned range, then any more (ranges
     * that had been split while they ran).
     *
     * @param total   how many tasks {@code tasks} holds
     * @param nextSeq the seq the next split gets: past every seq in {@code tasks}
     */
    public void restore(JobPlan plan, List<String> writers, Iterable<TaskSeed> tasks, long total, long nextSeq) {
        String jobId = plan.jobId();
        Map<String, String> job = new LinkedHashMap<>();
        job.put(JobField.STATE.field(), JobState.RUNNING.name());
        job.put(JobField.PLAN.field(), Json.write(plan));
        job.put(JobField.SOURCE.field(), plan.source());
        job.put(JobField.SINK.field(), plan.sink());
        job.put(JobField.RUN.field(), plan.run());
        job.put(JobField.WRITERS.field(), String.join(" ", writers));
        job.put(JobField.CREATED_AT.field(), Long.toString(plan.createdAtMillis()));
        job.put(JobField.TOTAL.field(), Long.toString(total));
        job.put(JobField.NEXT_SEQ.field(), Long.toString(nextSeq));
        job.put(JobField.PROGRESS.field(), "0");
        job.put(JobField.FAILED.field(), "0");
        long written = 0;
        long done = 0;
        long rows = 0;
        long bytes = 0;
        try (AbstractTransaction tx = redis.multi()) {
            Batch batch = new Batch(jobId);
            long pos = 0;
            for (TaskSeed seed : tasks) {
                TaskRef ref = seed.ref();
                Map<String, String> task = new HashMap<>();
                task.put(TaskField.JOB.field(), jobId);
                task.put(TaskField.TABLE.field(), Integer.toString(ref.table()));
                task.put(TaskField.SEQ.field(), Long.toString(ref.seq()));
                task.put(TaskField.POS.field(), Long.toString(pos));
                task.put(TaskField.LO.field(), seed.range().lo().toString());
                task.put(TaskField.HI.field(), seed.range().hi().toString());
                if (seed.estimatedRows() != null) {
                    task.put(TaskField.EST_ROWS.field(), seed.estimatedRows().toString());
                }
                task.put(TaskField.TOKEN.field(), "0");
                task.put(TaskField.MAX_ATTEMPT.field(), Integer.toString(plan.maxAttempts()));
                task.put(TaskField.UPDATED_AT.field(), Long.toString(plan.createdAtMillis()));
                DonePart part = seed.done();
                if (part == null) {
                    task.put(TaskField.STATE.field(), TaskState.PENDING.name());
                    task.put(TaskField.ATTEMPT.field(), "0");
                    batch.add(ref.id(), pos, true);
                } else {
                    task.put(TaskField.STATE.field(), TaskState.SUCCESS.name());
                    task.put(TaskField.ATTEMPT.field(), Integer.toString(part.attempt()));
                    task.put(TaskField.ROWS.field(), Long.toString(part.rows()));
                    task.put(TaskField.ROWS_READ.field(), Long.toString(part.rows()));
                    task.put(TaskField.BYTES.field(), Long.toString(part.bytes()));
                    task.put(TaskField.KEY.field(), part.key());
                    task.put(TaskField.COMPLETED.field(), "1");
                    task.put(TaskField.LO.field(), part.lo());
                    task.put(TaskField.HI.field(), part.hi());
                    batch.add(ref.id(), pos, false);
                    done++;
                    rows += part.rows();
                    bytes += part.bytes();
                }
                tx.hset(keys.task(ref.id()), task);
                if (batch.size() == BATCH) {
                    batch.flush(tx);
                }
                pos++;
                written++;
            }
            if (written != total) {
                throw new IllegalArgumentException("job " + jobId + " was to have " + total + " tasks, got " + written);
            }
            batch.flush(tx);
            job.put(JobField.PENDING.field(), Long.toString(total - done));
            job.put(JobField.SUCCESS.field(), Long.toString(done));
            job.put(JobField.ROWS.field(), Long.toString(rows));
            job.put(JobField.BYTES.field(), Long.toString(bytes));
            tx.hset(keys.job(jobId), job);
            tx.zadd(keys.jobs(), plan.createdAtMillis(), jobId);
            tx.sadd(keys.activeJobs(), jobId);
            tx.incrBy(keys.activeTasks(), total);
            for (String writer : writers) {
                tx.set(writer, jobId);
            }
            tx.del(keys.reservation(jobId));
            tx.exec();
        }
    }

    /** Task ids of a job being created, written to its lists and indexes a thousand at a time. */
    private final class Batch {
        private final String jobId;
        private final List<String> ids = new ArrayList<>(BATCH);
        private final List<String> queued = new ArrayList<>(BATCH);
        private final Map<String, Double> pending = new HashMap<>();
        private final Map<String, Double> success = new HashMap<>();

        Batch(String jobId) {
            this.jobId = jobId;
        }

        void add(String id, long pos, boolean queue) {
            ids.add(id);
            if (queue) {
                queued.add(id);
                pending.put(id, (double) pos);
            } else {
                success.put(id, (double) pos);
            }
        }

        int size() {
            return ids.size();
        }

        void flush(AbstractTransaction tx) {
            if (!ids.isEmpty()) {
                tx.rpush(keys.jobTasks(jobId), ids.toArray(String[]::new));
            }
            if (!queued.isEmpty()) {
                tx.lpush(keys.pending(), queued.toArray(String[]::new));
            }
            if (!pending.isEmpty()) {
                tx.zadd(keys.jobTasks(jobId, TaskState.PENDING), pending);
            }
            if (!success.isEmpty()) {
                tx.zadd(keys.jobTasks(jobId, TaskState.SUCCESS), success);
            }
            ids.clear();
            queued.clear();
            pending.clear();
            success.clear();
        }
    }

    /** A part found in the sink: which task wrote it, over which ids {@code [lo, hi)} (from its footer), on which attempt, with how many rows. */
    public record DonePart(String key, String lo, String hi, long rows, long bytes, int attempt) {
    }

    public Optional<JobRecord> job(String jobId) {
        Map<String, String> hash = redis.hgetAll(keys.job(jobId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(JobRecord.from(jobId, hash));
    }

    /** Whether Redis knows the job, finished or not. */
    public boolean exists(String jobId) {
        return redis.exists(keys.job(jobId));
    }

    /** Whether retention is removing the job's keys right now. */
    public boolean isForgetting(String jobId) {
        return redis.sismember(keys.forgettingJobs(), jobId);
    }

    /** Job ids, newest first. */
    public List<String> jobIds(long offset, long limit) {
        return redis.zrevrange(keys.jobs(), offset, offset + limit - 1);
    }

    /** Jobs, newest first, read in one round trip; ids whose job is gone are left out. */
    public List<JobRecord> jobs(long offset, long limit) {
        List<String> ids = jobIds(offset, limit);
        List<Map<String, String>> hashes = hashes(ids.stream().map(keys::job).toList());
        List<JobRecord> jobs = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (!hashes.get(i).isEmpty()) {
                jobs.add(JobRecord.from(ids.get(i), hashes.get(i)));
            }
        }
        return jobs;
    }

    public long jobCount() {
        return redis.zcard(keys.jobs());
    }

    public Set<String> activeJobIds() {
        return redis.smembers(keys.activeJobs());
    }

    /** Tasks of every active job together. */
    public long activeTaskCount() {
        String count = redis.get(keys.activeTasks());
        return count == null ? 0 : Long.parseLong(count);
    }

    public Optional<TaskRecord> task(String taskId) {
        Map<String, String> hash = redis.hgetAll(keys.task(taskId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(TaskRecord.from(taskId, hash));
    }

    public long taskCount(String jobId) {
        return redis.llen(keys.jobTasks(jobId));
    }

    /** Tasks of a job in one state. */
    public long taskCount(String jobId, TaskState state) {
        return redis.zcard(keys.jobTasks(jobId, state));
    }

    /** Tasks of a job in plan order, {@code limit} of them from {@code offset}. */
    public List<TaskRecord> tasks(String jobId, long offset, long limit) {
        return read(redis.lrange(keys.jobTasks(jobId), offset, offset + limit - 1));
    }

    /**
     * Tasks of a job in one state, in plan order, {@code limit} of them from {@code offset}: read from the state's
     * index, so this costs what it returns, however many tasks the job has.
     */
    public List<TaskRecord> tasks(String jobId, TaskState state, long offset, long limit) {
        return read(redis.zrange(keys.jobTasks(jobId, state), offset, offset + limit - 1));
    }

    /** Tasks in PROGRESS across all jobs, at most {@code limit}, soonest lease end first: what a split may cut. */
    public List<TaskRecord> runningTasks(long limit) {
        return read(redis.zrange(keys.leases(), 0, limit - 1)).stream().filter(t -> t.state() == TaskState.PROGRESS).toList();
    }

    /** Reads task hashes a batch per round trip; ids whose hash is gone are left out. */
    private List<TaskRecord> read(List<String> ids) {
        List<Map<String, String>> hashes = hashes(ids.stream().map(keys::task).toList());
        List<TaskRecord> tasks = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (!hashes.get(i).isEmpty()) {
                tasks.add(TaskRecord.from(ids.get(i), hashes.get(i)));
            }
        }
        return tasks;
    }

    /** HGETALL of each key, {@link #BATCH} per pipelined round trip, in order; an empty map where a key is gone. */
    private List<Map<String, String>> hashes(List<String> hashKeys) {
        List<Map<String, String>> hashes = new ArrayList<>(hashKeys.size());
        for (int from = 0; from < hashKeys.size(); from += BATCH) {
            List<Response<Map<String, String>>> responses = new ArrayList<>(BATCH);
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String key : hashKeys.subList(from, Math.min(hashKeys.size(), from + BATCH))) {
                    responses.add(pipeline.hgetAll(key));
                }
                pipeline.sync();
            }
            responses.forEach(response -> hashes.add(response.get()));
        }
        return hashes;
    }

    /** Every task of a job in plan order; for tests and tools, since it holds the whole job in memory. */
    public List<TaskRecord> allTasks(String jobId) {
        long total = taskCount(jobId);
        return total == 0 ? List.of() : tasks(jobId, 0, total);
    }

    /** Cancels a running job; returns the pending tasks dropped (and taken off the queue), or -1 when the job is not running. */
    public long cancel(String jobId) {
        return TaskQueue.toLong(CANCEL.run(redis,
                List.of(keys.job(jobId), keys.jobTasks(jobId, TaskState.PENDING), keys.jobTasks(jobId, TaskState.FAILED), keys.pending(),
                        keys.delayed()),
                List.of(keys.taskPrefix(), jobId)));
    }

    /** What {@link #retryFailed} did. */
    public record Retry(long requeued, boolean refused, String busyFolderKey, String holder) {
        /** Another job writes one of this job's run folders now. */
        public boolean folderBusy() {
            return busyFolderKey != null;
        }
    }

    /**
     * Re-queues a job's FAILED tasks with {@code attempts} more attempts each. Refused while the job is
     * cancelling or finishing, and when another job is writing one of its run folders.
     */
    public Retry retryFailed(String jobId, int attempts) {
        List<String> k = new ArrayList<>(List.of(keys.job(jobId), keys.jobTasks(jobId, TaskState.FAILED),
                keys.jobTasks(jobId, TaskState.PENDING), keys.pending(), keys.activeJobs(), keys.finishedJobs(), keys.activeTasks()));
        k.addAll(writers(redis, keys, jobId));
        List<?> reply = (List<?>) RETRY.run(redis, k, List.of(keys.taskPrefix(), keys.jobPrefix(), Integer.toString(attempts), jobId));
        long count = TaskQueue.toLong(reply.get(0));
        if (count == -2) {
            return new Retry(0, true, reply.get(1).toString(), reply.get(2).toString());
        }
        return new Retry(Math.max(0, count), count < 0, null, null);
    }

    /**
     * The {@link RedisKeys#writer} keys of a job's run folders, which scripts that take or free them get in KEYS.
     * Written once when the job is created and never changed, so reading them before the script is safe.
     */
    static List<String> writers(UnifiedJedis redis, RedisKeys keys, String jobId) {
        String writers = redis.hget(keys.job(jobId), JobField.WRITERS.field());
        return writers == null || writers.isBlank() ? List.of() : List.of(writers.trim().split(" +"));
    }

    public long pendingLength() {
        return redis.llen(keys.pending());
    }

    /** Adds an entry to the job's audit trail, keeping the newest {@code keep}. */
    public void audit(String jobId, String entry, int keep) {
        try (AbstractTransaction tx = redis.multi()) {
            tx.lpush(keys.jobAudit(jobId), entry);
            tx.ltrim(keys.jobAudit(jobId), 0, keep - 1L);
            tx.exec();
        }
    }

    /** The job's audit entries, newest first. */
    public List<String> auditTrail(String jobId, int limit) {
        return redis.lrange(keys.jobAudit(jobId), 0, limit - 1L);
    }

    public long delayedCount() {
        return redis.zcard(keys.delayed());
    }
}
