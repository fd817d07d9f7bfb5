package io.extractor.coordinator;

import static java.util.Objects.requireNonNull;

/** The request is fine, but another job holds what it needs (a run folder, an id): answered 409. */
public final class JobConflictException extends Exception {
    private final String field;

    public JobConflictException(String field, String message) {
        super(message);
        this.field = requireNonNull(field, "field");
    }

    /** The request's field the conflict is about. */
    public String field() {
        return field;
    }
}
