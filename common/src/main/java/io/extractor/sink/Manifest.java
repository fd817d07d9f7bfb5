package io.extractor.sink;

import java.util.List;

/**
 * What one table of a finished job holds in the sink: {@code <table>/run=<run>/_manifest.json}. Its totals are the
 * sums over its parts, and each part's size was checked against the object in the bucket before it was written.
 *
 * @param complete true when every task of the table succeeded (then {@code _SUCCESS} sits beside it)
 */
public record Manifest(
        String job,
        String source,
        String table,
        String run,
        boolean complete,
        long rows,
        long bytes,
        String idColumn,
        String minId,
        String maxId,
        String where,
        List<Column> columns,
        List<Part> parts,
        long createdAtMillis,
        long finishedAtMillis) {

    public Manifest {
        columns = List.copyOf(columns);
        parts = List.copyOf(parts);
    }

    /** One output column: its MySQL type and how it was written. */
    public record Column(String name, String mysqlType, String kind) {
    }

    /** One committed part and the id range it holds. */
    public record Part(String key, String task, String lo, String hi, long rows, long bytes, int attempt) {
    }
}
