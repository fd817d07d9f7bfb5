package io.extractor.coordinator;

/**
 * A submit or resume failed at its last step, and Redis cannot say whether the job was created: answered 503
 * with the job id to look up once Redis is back. Nothing was undone, so whichever it is stays consistent.
 */
public final class JobOutcomeUnknownException extends RuntimeException {
    private final String jobId;

    public JobOutcomeUnknownException(String jobId, Throwable cause) {
        super("creating job " + jobId + " failed at its last step and Redis cannot say whether it landed: " + cause.getMessage(), cause);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
