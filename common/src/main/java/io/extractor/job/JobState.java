package io.extractor.job;

/** A job runs until no task is PENDING or PROGRESS, then the coordinator finishes it. */
public enum JobState {
    /** Tasks are queued or running. */
    RUNNING,
    /** An operator cancelled the job; running tasks stop at their next batch. */
    CANCELLING,
    /** No task is left to run; the coordinator is checking parts and writing manifests. */
    FINISHING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isActive() {
        return this == RUNNING || this == CANCELLING || this == FINISHING;
    }
}
