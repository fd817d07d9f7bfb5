package io.extractor.coordinator.api;

import io.extractor.plan.FieldError;
import java.util.List;

/** Every error answer: what went wrong and, for a refused spec, each field at fault. */
public record ErrorBody(String error, List<FieldError> fields) {
    static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}
