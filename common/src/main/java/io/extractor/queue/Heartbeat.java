package io.extractor.queue;

/** The answer to a heartbeat. */
public enum Heartbeat {
    /** The lease is renewed; carry on. */
    HELD,
    /** Another attempt holds the task now (or Redis lost it): stop, and never publish this attempt's output. */
    FENCED,
    /** The job is being cancelled: stop at the next batch and report the task failed. */
    CANCELLED
}
