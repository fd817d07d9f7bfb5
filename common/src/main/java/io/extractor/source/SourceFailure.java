package io.extractor.source;

import static java.util.Objects.requireNonNull;

import io.extractor.job.FailureKind;

/** What a database error means for a task: its kind, which decides whether to retry, and what a person should do. */
public record SourceFailure(FailureKind kind, String hint) {
    public SourceFailure {
        requireNonNull(kind, "kind");
        requireNonNull(hint, "hint");
    }
}
