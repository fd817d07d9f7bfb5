package io.extractor.plan;

/** One thing wrong with a job spec: the field ({@code tables[0].idColumn}) and what is wrong with it. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
