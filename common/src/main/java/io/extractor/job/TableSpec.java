package io.extractor.job;

import java.util.List;
import java.util.Map;

/**
 * One table of a job as the user asked for it. Only {@code table} is required.
 *
 * @param table     table name, or {@code database.table}; the source's default database when unqualified
 * @param idColumn  integer key the table is split on; defaults to the single-column integer primary key
 * @param columns   columns to write, in this order; all columns when absent
 * @param where     extra row filter, trusted operator input (see README): ANDed with each task's range
 * @param chunkSize width of each task's id range, for uniform ranges; absent to plan by rows
 * @param targetRows rows per task the ranges are planned for from the source's estimates; the coordinator's
 *                  default ({@code extractor.plan.target-rows}) when absent; not with chunkSize
 * @param types     per column, how to write it where its type has more than one form ({@code {"c_time": "duration"}});
 *                  see the README's type table for the choices. Columns not named get the default.
 */
public record TableSpec(String table, String idColumn, List<String> columns, String where, Long chunkSize, Map<String, String> types,
                        Long targetRows) {

    public TableSpec(String table, String idColumn, List<String> columns, String where, Long chunkSize) {
        this(table, idColumn, columns, where, chunkSize, null);
    }

    public TableSpec(String table, String idColumn, List<String> columns, String where, Long chunkSize, Map<String, String> types) {
        this(table, idColumn, columns, where, chunkSize, types, null);
    }
}
