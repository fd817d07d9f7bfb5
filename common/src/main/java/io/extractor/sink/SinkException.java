package io.extractor.sink;

import static java.util.Objects.requireNonNull;

/**
 * A call to a sink failed. Every {@link PartStore} throws this, whatever its client library throws, with that
 * library's exception as the cause; the kind says whether waiting may help.
 */
public final class SinkException extends RuntimeException {
    public enum Kind {
        /** No answer: network, DNS, connection refused, timeout. Time may fix it. */
        UNREACHABLE,
        /** An answer that says "later": a server error or throttling (5xx, 429, 408). Time may fix it. */
        FAILING,
        /** A refusal: no permission, no such bucket, a bad request. Retrying cannot fix it. */
        REFUSED,
        /** This process interrupted the call (a task being stopped). */
        INTERRUPTED
    }

    private final Kind kind;
    private final int status;
    private final String code;

    /**
     * @param status the store's status code (HTTP for S3), 0 when it did not answer
     * @param code   the store's error code such as {@code AccessDenied}, empty when none
     */
    public SinkException(Kind kind, int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
        this.status = status;
        this.code = code == null ? "" : code;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Whether the same call may succeed later: the sink did not answer, or answered that it is busy or failing. */
    public boolean isTransient() {
        return kind == Kind.UNREACHABLE || kind == Kind.FAILING;
    }

    /** Whether the sink answered at all (with an error). */
    public boolean answered() {
        return status > 0;
    }
}
