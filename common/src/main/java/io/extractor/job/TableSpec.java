package io.extractor.job;

import java.util.List;

/**
 * One table of a job as the user asked for it. Only {@code table} is required.
 *
 * @param table     table name, or {@code database.table}; the source's default database when unqualified
 * @param idColumn  integer key the table is split on; defaults to the single-column integer primary key
 * @param columns   columns to write, in this order; all columns when absent
 * @param where     extra row filter, trusted operator input (see README): ANDed with each task's range
 * @param chunkSize width of each task's id range; the coordinator's default when absent
 */
public record TableSpec(String table, String idColumn, List<String> columns, String where, Long chunkSize) {
}
