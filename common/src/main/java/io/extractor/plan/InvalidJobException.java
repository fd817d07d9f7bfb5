package io.extractor.plan;

import java.util.List;
import java.util.stream.Collectors;

/** A job spec that cannot run; nothing was queued. Carries every problem found, not just the first. */
public final class InvalidJobException extends Exception {
    private final List<FieldError> errors;

    public InvalidJobException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidJobException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
