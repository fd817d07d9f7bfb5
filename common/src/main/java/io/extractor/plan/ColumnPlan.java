package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import io.extractor.types.ColumnKind;

/**
 * One output column, fixed at planning time so every part of a table has the same Parquet schema.
 *
 * @param sourceType the MySQL column type as the catalog gave it, kept to detect a table changed mid-run
 */
public record ColumnPlan(String name, ColumnKind kind, int precision, int scale, boolean nullable, String sourceType) {
    public ColumnPlan {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(sourceType, "sourceType");
    }
}
