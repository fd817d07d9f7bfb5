package io.extractor.queue;

/** What became of a failed attempt. */
public enum FailOutcome {
    /** The attempt no longer held the task; nothing changed. */
    FENCED,
    /** Back to PENDING, to run again after its backoff. */
    RETRYING,
    /** FAILED, with the error kept on the task. */
    FAILED
}
