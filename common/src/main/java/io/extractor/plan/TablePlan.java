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
 * @param taskCount number of ranges; an empty table still has one task, which writes an empty part
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
        long taskCount) {

    public TablePlan {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        requireNonNull(output, "output");
        requireNonNull(idColumn, "idColumn");
        columns = List.copyOf(columns);
        requireNonNull(idTypeMax, "idTypeMax");
        requireNonNull(chunkSize, "chunkSize");
    }

    public boolean isEmpty() {
        return minId == null;
    }

    public IdRange range(long seq) {
        if (isEmpty()) {
            return new IdRange(BigInteger.ZERO, BigInteger.ZERO);
        }
        return RangeSplitter.range(minId, maxId, chunkSize, seq);
    }
}
