package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.List;

/**
 * One table of a planned job: what every task of it reads and the schema every part of it has.
 *
 * @param index     position in the job, part of each task id
 * @param output    folder name under the sink prefix
 * @param minId     smallest id at planning time; null when the table was empty
 * @param maxId     largest id at planning time, the fixed upper bound; null when the table was empty
 * @param idTypeMax largest value the id column's type can hold; a range ending above it needs no upper bound
 * @param chunkSize width of each range when the table is split uniformly; null when it is planned by rows
 * @param taskCount number of ranges; an empty table still has one task, which writes an empty part
 * @param targetRows    rows per task the ranges were planned for from the source's estimates; null for uniform ranges
 *                      (a plan written before planning by rows has none)
 * @param starts        when planned by rows, each range's first id in order: range {@code i} is
 *                      {@code [starts[i], starts[i+1])}, the last ends at {@code maxId + 1}; empty for an empty table
 * @param estimatedRows when planned by rows, the source's estimate of each range's rows, by task; null otherwise
 * @param estimates     when planned by rows, the estimates (EXPLAIN queries) planning asked the source for; null otherwise
 */
public record TablePlan(
        int index,
        String database,
        String table,
        String output,
        String idColumn,
        List<ColumnPlan> columns,
        String where,
        BigInteger minId,
        BigInteger maxId,
        BigInteger idTypeMax,
        BigInteger chunkSize,
        long taskCount,
        Long targetRows,
        List<BigInteger> starts,
        List<Long> estimatedRows,
        Integer estimates) {

    public TablePlan {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        requireNonNull(output, "output");
        requireNonNull(idColumn, "idColumn");
        columns = List.copyOf(columns);
        requireNonNull(idTypeMax, "idTypeMax");
        if (chunkSize == null && starts == null) {
            throw new IllegalArgumentException("table " + table + " has neither a chunkSize nor planned range starts");
        }
        starts = starts == null ? null : List.copyOf(starts);
        estimatedRows = estimatedRows == null ? null : List.copyOf(estimatedRows);
    }

    /** A table split uniformly into ranges of {@code chunkSize} ids. */
    public TablePlan(int index, String database, String table, String output, String idColumn, List<ColumnPlan> columns, String where,
                     BigInteger minId, BigInteger maxId, BigInteger idTypeMax, BigInteger chunkSize, long taskCount) {
        this(index, database, table, output, idColumn, columns, where, minId, maxId, idTypeMax, chunkSize, taskCount, null, null, null, null);
    }

    /** A table split by rows: {@code ranges} tile {@code [minId, maxId]} (none for an empty table), with their estimates. */
    public static TablePlan byRows(int index, String database, String table, String output, String idColumn, List<ColumnPlan> columns,
                                   String where, BigInteger minId, BigInteger maxId, BigInteger idTypeMax, long targetRows,
                                   List<EstimatedRange> ranges, int estimates) {
        List<BigInteger> starts = ranges.stream().map(r -> r.range().lo()).toList();
        List<Long> rows = ranges.isEmpty() ? List.of(0L) : ranges.stream().map(EstimatedRange::rows).toList();
        return new TablePlan(index, database, table, output, idColumn, columns, where, minId, maxId, idTypeMax, null,
                Math.max(1, ranges.size()), targetRows, starts, rows, estimates);
    }

    /** Whether the ranges were planned from the source's row estimates rather than by a uniform width. */
    public boolean plannedByRows() {
        return starts != null;
    }

    public boolean isEmpty() {
        return minId == null;
    }

    public IdRange range(long seq) {
        if (isEmpty()) {
            return new IdRange(BigInteger.ZERO, BigInteger.ZERO);
        }
        if (starts != null) {
            BigInteger hi = seq + 1 < starts.size() ? starts.get((int) seq + 1) : maxId.add(BigInteger.ONE);
            return new IdRange(starts.get((int) seq), hi);
        }
        return RangeSplitter.range(minId, maxId, chunkSize, seq);
    }

    /** The source's estimate of task {@code seq}'s rows at planning time; null when the table was split uniformly. */
    public Long estimatedRows(long seq) {
        return estimatedRows == null || seq >= estimatedRows.size() ? null : estimatedRows.get((int) seq);
    }

    /** The estimates of all tasks summed; null when the table was split uniformly. */
    public Long estimatedRowsTotal() {
        return estimatedRows == null ? null : estimatedRows.stream().mapToLong(Long::longValue).sum();
    }
}
