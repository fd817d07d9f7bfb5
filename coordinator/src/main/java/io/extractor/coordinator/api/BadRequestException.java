package io.extractor.coordinator.api;

import static java.util.Objects.requireNonNull;

/** A path or query parameter that cannot be used as given: answered 400 naming it. */
public final class BadRequestException extends Exception {
    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }
}
