package io.extractor.types;

/**
 * One column of a {@link RowBatch}: a primitive array (no boxing) and a null flag per row. The reader thread
 * fills it, the Parquet thread drains it, and the same arrays are reused batch after batch.
 */
public sealed interface ColumnVector {
    boolean isNull(int row);

    final class Longs implements ColumnVector {
        public final long[] values;
        public final boolean[] nulls;

        public Longs(int capacity) {
            values = new long[capacity];
            nulls = new boolean[capacity];
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }
    }

    final class Ints implements ColumnVector {
        public final int[] values;
        public final boolean[] nulls;

        public Ints(int capacity) {
            values = new int[capacity];
            nulls = new boolean[capacity];
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }
    }

    final class Doubles implements ColumnVector {
        public final double[] values;
        public final boolean[] nulls;

        public Doubles(int capacity) {
            values = new double[capacity];
            nulls = new boolean[capacity];
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }
    }

    final class Floats implements ColumnVector {
        public final float[] values;
        public final boolean[] nulls;

        public Floats(int capacity) {
            values = new float[capacity];
            nulls = new boolean[capacity];
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }
    }

    final class Booleans implements ColumnVector {
        public final boolean[] values;
        public final boolean[] nulls;

        public Booleans(int capacity) {
            values = new boolean[capacity];
            nulls = new boolean[capacity];
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }
    }

    /** Variable-length values; null marks SQL NULL. The batch counts their bytes to stay within its budget. */
    final class Bytes implements ColumnVector {
        public final byte[][] values;

        public Bytes(int capacity) {
            values = new byte[capacity][];
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }

        public void clear(int rows) {
            java.util.Arrays.fill(values, 0, rows, null); // let big values go as soon as they are written
        }
    }
}
