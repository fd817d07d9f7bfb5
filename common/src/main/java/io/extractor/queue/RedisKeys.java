package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.TaskState;

/**
 * The Redis key layout, one method per key. The README's "Redis keys" section documents the same names so an
 * operator can follow a run with redis-cli; keep the two in step.
 */
public final class RedisKeys {
    private final String prefix;

    /** @param prefix namespace such as {@code extractor}; a trailing colon is added */
    public RedisKeys(String prefix) {
        requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.contains(" ")) {
            throw new IllegalArgumentException("redis key prefix must be a non-blank word, got \"" + prefix + "\"");
        }
        this.prefix = prefix.endsWith(":") ? prefix : prefix + ":";
    }

    /** {@code <p>:} with its colon, as Lua scripts build task and job keys from ids. */
    public String prefix() {
        return prefix;
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

    /** LIST of queue entries that named no task, kept (last 1000) for an operator to look at. */
    public String poison() {
        return prefix + "poison";
    }

    /** HASH of one task: state, attempt, range, worker, lease, result, error. */
    public String task(String taskId) {
        return prefix + "task:" + taskId;
    }

    /** HASH of one job: state, plan, counters per task state, rows and bytes written. */
    public String job(String jobId) {
        return prefix + "job:" + jobId;
    }

    /** LIST of a job's task ids in plan order. */
    public String jobTasks(String jobId) {
        return prefix + "job:" + jobId + ":tasks";
    }

    /** ZSET of a job's task ids in one state, scored by plan position: listing one state reads only those tasks. */
    public String jobTasks(String jobId, TaskState state) {
        return prefix + "job:" + jobId + ":tasks:" + state.name();
    }

    /** STRING that holds a job id while its job is being submitted (expires if the submit dies). */
    public String reservation(String jobId) {
        return prefix + "job:" + jobId + ":reserved";
    }

    /** SET of {@code <object key> <upload id>} for every multipart upload a job's attempts started. */
    public String jobUploads(String jobId) {
        return prefix + "job:" + jobId + ":uploads";
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
