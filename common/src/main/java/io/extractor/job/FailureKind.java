package io.extractor.job;

/**
 * What kind of thing went wrong with a task attempt: the one place that decides whether retrying may help. Kept on
 * the task beside its message, so the API, the dashboard and metrics can count and group failures by kind.
 * Adding a kind is one constant here (with its retry rule and what to do) plus a test that produces it.
 */
public enum FailureKind {
    /** The source did not answer, dropped the connection, or timed out: the network or the server may recover. */
    SOURCE_UNREACHABLE(Retry.YES, "check that the source database is up and reachable from the workers"),
    /** The source refused the user (a grant or password is missing), or refused a write in the extractor's read-only session. */
    SOURCE_PERMISSION(Retry.NO, "grant the source user SELECT on the table, then retry the job's failed tasks"),
    /** The table or a column is gone or changed since the job was planned, or the job's filter no longer parses. */
    SOURCE_SCHEMA(Retry.NO, "the table changed since the job was planned; submit a new job for the new schema"),
    /** The source answered with an error the extractor does not know; retrying may help (lock waits, too many connections). */
    SOURCE_ERROR(Retry.YES, "fix the source, then retry the job's failed tasks"),
    /** A value has no faithful form in the column's Parquet type; a per-column type choice in the job spec extracts it. */
    VALUE_OUT_OF_RANGE(Retry.NO, "choose another type for the column in the table's \"types\" and submit the job again"),
    /** A row or value is larger than the worker may hold. */
    ROW_TOO_LARGE(Retry.NO, "leave large columns out of \"columns\", or give the workers more heap and raise max-row-bytes"),
    /** The store did not answer, was throttled, or failed with a 5xx. */
    SINK_UNREACHABLE(Retry.YES, "check that the sink is up and reachable from the workers"),
    /** The store refused the credentials or the bucket is missing. */
    SINK_PERMISSION(Retry.NO, "check the sink's keys, bucket and bucket policy, then retry the job's failed tasks"),
    /** The worker lacks the job's source or sink in its configuration. */
    WORKER_CONFIGURATION(Retry.NO, "configure the job's source and sink on every worker, then retry the job's failed tasks"),
    /** Redis no longer has the task's job (its record was lost or deleted). */
    JOB_MISSING(Retry.NO, "resume the job from the sink or submit it again"),
    /** The attempt ran longer than extractor.worker.task-timeout. */
    TIMEOUT(Retry.YES, "raise extractor.worker.task-timeout or make the table's tasks smaller"),
    /** An operator cancelled the job. */
    CANCELLED(Retry.NO, "submit the job again to run it"),
    /** The attempt lost its lease (its worker froze or lost Redis) and another attempt took over. */
    LEASE_LOST(Retry.YES, "nothing: the task runs again; if it repeats, give workers a longer lease"),
    /** Anything else: a bug or a broken worker. Retried once at most and logged with its stack trace. */
    INTERNAL(Retry.ONCE, "report it with this message and the worker's log");

    /** Whether another attempt may help. */
    public enum Retry { YES, ONCE, NO }

    private final Retry retry;
    private final String action;

    FailureKind(Retry retry, String action) {
        this.retry = retry;
        this.action = action;
    }

    public Retry retry() {
        return retry;
    }

    /** Whether another attempt may run after {@code attempt} attempts of at most {@code maxAttempts}. */
    public boolean retries(int attempt, int maxAttempts) {
        return switch (retry) {
            case YES -> attempt < maxAttempts;
            case ONCE -> attempt < Math.min(2, maxAttempts);
            case NO -> false;
        };
    }

    /** What a person should do about a failure of this kind. */
    public String action() {
        return action;
    }

    /** The lower-case, dashed name used in the API, Redis and metrics ({@code source-unreachable}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static FailureKind ofLabel(String label) {
        for (FailureKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown failure kind \"" + label + "\"");
    }
}
