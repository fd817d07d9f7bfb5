package io.extractor.plan;

import static java.util.Objects.requireNonNull;

/** A range of ids and the source's estimate of the rows in it. */
public record EstimatedRange(IdRange range, long rows) {
    public EstimatedRange {
        requireNonNull(range, "range");
        if (rows < 0) {
            throw new IllegalArgumentException("estimate of " + range + " is negative: " + rows);
        }
    }
}
