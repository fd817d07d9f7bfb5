package io.extractor.worker.extract;

import io.extractor.types.ColumnMapping;
import io.extractor.types.ColumnReader;
import io.extractor.types.ColumnVector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A bounded batch of rows in column vectors, full at {@code capacity} rows or {@code maxBytes} of variable-length
 * values, whichever comes first, so one batch never holds more than a bounded amount of memory. A task owns a
 * few of these and passes them between its reader and writer threads.
 */
public final class RowBatch {
    /** A column of a batch costs up to 9 bytes a row before its values (a long and a null flag). */
    private static final int SLOT_BYTES = 9;
    /** Fewer rows than this per batch would make Parquet's per-batch overhead dominate. */
    private static final int MIN_ROWS = 16;
    private final List<ColumnMapping> columns;
    private final ColumnVector[] vectors;
    private final ColumnReader[] readers;
    private final int capacity;
    private final long maxBytes;
    private int size;
    private long bytes;

    public RowBatch(List<ColumnMapping> columns, int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch capacity and byte budget must be positive");
        }
        this.columns = List.copyOf(columns);
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.vectors = new ColumnVector[columns.size()];
        this.readers = new ColumnReader[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            vectors[c] = columns.get(c).newVector(capacity);
            readers[c] = columns.get(c).reader(c + 1, vectors[c]);
        }
    }

    /**
     * Rows per batch: {@code batchRows}, fewer for a wide table, so that a batch's fixed arrays stay within the
     * same {@code batchBytes} a narrow table's values get. 4096 rows of 4,000 columns would otherwise be 150 MiB
     * a batch before any value is read.
     */
    public static int rowsFor(int columns, int batchRows, long batchBytes) {
        long fits = batchBytes / ((long) SLOT_BYTES * Math.max(1, columns));
        return (int) Math.clamp(fits, Math.min(MIN_ROWS, batchRows), batchRows);
    }

    /** Appends the result set's current row; returns true when the batch is full. */
    public boolean append(ResultSet rs) throws SQLException {
        int row = size;
        long added = 0;
        for (ColumnReader reader : readers) {
            added += reader.read(rs, row);
        }
        size = row + 1;
        bytes += added;
        return size == capacity || bytes >= maxBytes;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public List<ColumnMapping> columns() {
        return columns;
    }

    public ColumnVector vector(int column) {
        return vectors[column];
    }

    public void clear() {
        for (ColumnVector vector : vectors) {
            if (vector instanceof ColumnVector.Bytes b) {
                b.clear(size);
            }
        }
        size = 0;
        bytes = 0;
    }
}
