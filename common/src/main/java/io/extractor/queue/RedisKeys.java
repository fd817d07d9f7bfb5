package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.TaskState;

/**
 * The Redis schema: every key (one method each) and every field of the task and job hashes ({@link TaskField},
 * {@link JobField}). Java code names fields only through these; the Lua scripts receive their keys in KEYS, and
 * {@code RedisSchemaTest} holds the field and state names they use against this class and the state enums. The
 * README's "Redis keys" section documents the same names so an operator can follow a run with redis-cli; keep
 * the two in step.
 */
public final class RedisKeys {
    /** Fields of a task hash, {@link #task}. */
    public enum TaskField {
        /** {@link io.extractor.job.TaskState} name. */
        STATE("state"),
        JOB("job"),
        TABLE("table"),
        SEQ("seq"),
        /** Position in the plan, the score of the task in its job's state indexes. */
        POS("pos"),
        /** The task's range {@code [lo, hi)}, decimal; the lease carries it to the worker. */
        LO("lo"),
        HI("hi"),
        /** The source's estimate of the range's rows at planning time; absent when the table was split uniformly. */
        EST_ROWS("estRows"),
        /** Attempts spent, the current one included while in PROGRESS. */
        ATTEMPT("attempt"),
        MAX_ATTEMPT("maxAttempt"),
        /** Fencing token of the current claim. */
        TOKEN("token"),
        WORKER("worker"),
        LEASE_UNTIL("leaseUntil"),
        CLAIMED_AT("claimedAt"),
        UPDATED_AT("updatedAt"),
        FINISHED_AT("finishedAt"),
        /** When a retry's backoff ends. */
        READY_AT("readyAt"),
        /** Why the task was last handed back unspent. */
        RELEASED("released"),
        ROWS_READ("rowsRead"),
        ROWS("rows"),
        BYTES("bytes"),
        /** Object key of the committed part. */
        KEY("key"),
        UPLOAD_ID("uploadId"),
        ETAGS("etags"),
        /** 1 once the committed part's upload is completed (visible). */
        COMPLETED("completed"),
        DURATION_MS("durationMs"),
        ERROR("error"),
        /** {@link io.extractor.job.FailureKind#label()} of {@link #ERROR}. */
        ERROR_KIND("errorKind"),
        LAST_ERROR("lastError"),
        LAST_ERROR_KIND("lastErrorKind"),
        /** The last id the running attempt has read, decimal, reported with its heartbeats; blank before its first batch. */
        READ_TO("readTo"),
        /** Milliseconds between the running attempt's heartbeats: how soon it hears of a split proposal. */
        BEAT_MS("beatMs"),
        /** An open split proposal for the running attempt: the id its range should end at; blank when none. */
        SPLIT_AT("splitAt"),
        /** The proposer's estimate of the rows of {@code [lo, splitAt)}, which the task keeps as its estimate if split. */
        SPLIT_HEAD_ROWS("splitHeadRows"),
        /** The proposer's estimate of the rows of {@code [splitAt, hi)}, the new task's estimate. */
        SPLIT_TAIL_ROWS("splitTailRows"),
        /** Id of the task last split off this one. */
        SPLIT_INTO("splitInto"),
        /** Id of the task this one was split from. */
        SPLIT_FROM("splitFrom"),
        /** How many times this task's range was cut while it ran. */
        SPLITS("splits");

        private final String field;

        TaskField(String field) {
            this.field = field;
        }

        /** The field's name in the hash. */
        public String field() {
            return field;
        }
    }

    /** Fields of a job hash, {@link #job}. */
    public enum JobField {
        /** {@link io.extractor.job.JobState} name. */
        STATE("state"),
        /** The {@link io.extractor.plan.JobPlan} as JSON. */
        PLAN("plan"),
        SOURCE("source"),
        SINK("sink"),
        RUN("run"),
        /** {@link #writer} keys of the job's run folders, space-separated. */
        WRITERS("writers"),
        CREATED_AT("createdAt"),
        CANCELLED_AT("cancelledAt"),
        FINISHED_AT("finishedAt"),
        /** The state a FINISHING job came from. */
        FINISHING_FROM("finishingFrom"),
        TOTAL("total"),
        PENDING("pending"),
        PROGRESS("progress"),
        SUCCESS("success"),
        FAILED("failed"),
        /**
         * Prefix of the per-kind counters of FAILED tasks, {@code failed:<kind label>}; see
         * {@link RedisKeys#failedOfKind}.
         */
        FAILED_OF_KIND("failed:"),
        ROWS("rows"),
        BYTES("bytes"),
        ERROR("error"),
        /** The seq the next task split off a running one gets: past every planned task, so part names never repeat. */
        NEXT_SEQ("nextSeq"),
        /** Tasks split off running ones so far. */
        SPLITS("splits");

        private final String field;

        JobField(String field) {
            this.field = field;
        }

        /** The field's name in the hash (for {@link #FAILED_OF_KIND}, the prefix of a family of fields). */
        public String field() {
            return field;
        }
    }

    /** The job-hash field counting the job's FAILED tasks of one kind. */
    public static String failedOfKind(io.extractor.job.FailureKind kind) {
        return JobField.FAILED_OF_KIND.field() + kind.label();
    }

    /** Field of a {@link #source} hash: tasks that may read from the source at once; 0 or absent for no cap. */
    public static final String SOURCE_MAX_STREAMS = "maxStreams";

    private final String prefix;

    /**
     * @param prefix namespace such as {@code extractor}; a trailing colon is added. A hash-tagged prefix such as
     *               {@code {extractor}} puts every key in one Redis Cluster slot, which the scripts need
     */
    public RedisKeys(String prefix) {
        requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.contains(" ")) {
            throw new IllegalArgumentException("redis key prefix must be a non-blank word, got \"" + prefix + "\"");
        }
        this.prefix = prefix.endsWith(":") ? prefix : prefix + ":";
    }

    /** {@code <p>:} with its colon. */
    public String prefix() {
        return prefix;
    }

    /**
     * {@code <p>:task:}, the prefix of every {@link #task} key: what a script that pops or walks task ids gets in
     * ARGV to name their hashes.
     */
    public String taskPrefix() {
        return prefix + "task:";
    }

    /**
     * {@code <p>:job:}, the prefix of every {@link #job} key and of the keys under it: what a script that learns a
     * job id from a task gets in ARGV to name the job's hash and state indexes.
     */
    public String jobPrefix() {
        return prefix + "job:";
    }

    /** LIST of task ids ready to run: the one queue whose length an autoscaler watches. */
    public String pending() {
        return prefix + "pending";
    }

    /** ZSET of task ids waiting out a retry backoff, scored by the time (ms) they go back to {@link #pending()}. */
    public String delayed() {
        return prefix + "delayed";
    }

    /** ZSET of task ids in PROGRESS, scored by the time (ms) their lease runs out. */
    public String leases() {
        return prefix + "leases";
    }

    /**
     * ZSET of worker ids that found nothing to claim, scored by when (ms): workers with a free slot and an empty
     * queue, for whom the coordinator splits running tasks.
     */
    public String idleWorkers() {
        return prefix + "workers:idle";
    }

    /**
     * {@code <p>:source:}, the prefix of every {@link #source} key: the claim script learns a task's source from its
     * job and names the source's keys from this.
     */
    public String sourcePrefix() {
        return prefix + "source:";
    }

    /** HASH of one source's limits, written by the coordinator from its configuration: {@link #SOURCE_MAX_STREAMS}. */
    public String source(String name) {
        return sourcePrefix() + name;
    }

    /** SET of the ids of tasks claimed on one source; those still in PROGRESS are its streams. */
    public String sourceStreams(String name) {
        return source(name) + ":streams";
    }

    /** LIST of queue entries that named no task, kept (last 1000) for an operator to look at. */
    public String poison() {
        return prefix + "poison";
    }

    /** HASH of one task: state, attempt, range, worker, lease, result, error. */
    public String task(String taskId) {
        return taskPrefix() + taskId;
    }

    /** HASH of one job: state, plan, counters per task state, rows and bytes written. */
    public String job(String jobId) {
        return jobPrefix() + jobId;
    }

    /** LIST of a job's task ids in plan order. */
    public String jobTasks(String jobId) {
        return prefix + "job:" + jobId + ":tasks";
    }

    /** ZSET of a job's task ids in one state, scored by plan position: listing one state reads only those tasks. */
    public String jobTasks(String jobId, TaskState state) {
        return job(jobId) + ":tasks:" + state.name();
    }

    /** STRING that holds a job id while its job is being submitted (expires if the submit dies). */
    public String reservation(String jobId) {
        return prefix + "job:" + jobId + ":reserved";
    }

    /** SET of {@code <object key> <upload id>} for every multipart upload a job's attempts started. */
    public String jobUploads(String jobId) {
        return prefix + "job:" + jobId + ":uploads";
    }

    /** LIST of a job's audit entries (JSON: who did what, when, from where), newest first, capped. */
    public String jobAudit(String jobId) {
        return prefix + "job:" + jobId + ":audit";
    }

    /** ZSET of all job ids by creation time (ms). */
    public String jobs() {
        return prefix + "jobs";
    }

    /** SET of job ids not yet finished, which the coordinator watches. */
    public String activeJobs() {
        return prefix + "jobs:active";
    }

    /** ZSET of finished job ids by finish time (ms): what retention removes, oldest first. */
    public String finishedJobs() {
        return prefix + "jobs:finished";
    }

    /** SET of job ids retention is removing; their task keys are deleted in batches. */
    public String forgettingJobs() {
        return prefix + "jobs:forgetting";
    }

    /** STRING: tasks of all active jobs, checked against {@code extractor.plan.max-active-tasks} at submit. */
    public String activeTasks() {
        return prefix + "tasks:active";
    }

    /**
     * STRING holding the id of the one job that may write a run folder, {@code <bucket>/<folder>}: two jobs
     * writing one folder would interleave their parts.
     */
    public String writer(String bucket, String folder) {
        return prefix + "writer:" + bucket + "/" + folder;
    }

    /** STRING held by the coordinator replica that runs the reaper and finishes jobs. */
    public String coordinatorLock() {
        return prefix + "coordinator:lock";
    }
}
