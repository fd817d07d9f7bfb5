package io.extractor.worker.parquet;

import io.extractor.types.ColumnVector;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes one column of a batch straight into Parquet's column writer, a whole column at a time: no record
 * assembly, no per-field events, one typed loop per column. Definition level 1 is a value, 0 a null (every
 * field is OPTIONAL and flat); repetition level is always 0.
 */
@FunctionalInterface
interface VectorWriter {
    void write(ColumnWriter out, int rows);

    static VectorWriter of(ColumnVector vector) {
        return switch (vector) {
            case ColumnVector.Longs v -> (out, rows) -> {
                long[] values = v.values;
                boolean[] nulls = v.nulls;
                for (int r = 0; r < rows; r++) {
                    if (nulls[r]) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(values[r], 0, 1);
                    }
                }
            };
            case ColumnVector.Ints v -> (out, rows) -> {
                int[] values = v.values;
                boolean[] nulls = v.nulls;
                for (int r = 0; r < rows; r++) {
                    if (nulls[r]) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(values[r], 0, 1);
                    }
                }
            };
            case ColumnVector.Doubles v -> (out, rows) -> {
                double[] values = v.values;
                boolean[] nulls = v.nulls;
                for (int r = 0; r < rows; r++) {
                    if (nulls[r]) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(values[r], 0, 1);
                    }
                }
            };
            case ColumnVector.Floats v -> (out, rows) -> {
                float[] values = v.values;
                boolean[] nulls = v.nulls;
                for (int r = 0; r < rows; r++) {
                    if (nulls[r]) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(values[r], 0, 1);
                    }
                }
            };
            case ColumnVector.Booleans v -> (out, rows) -> {
                boolean[] values = v.values;
                boolean[] nulls = v.nulls;
                for (int r = 0; r < rows; r++) {
                    if (nulls[r]) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(values[r], 0, 1);
                    }
                }
            };
            case ColumnVector.Bytes v -> (out, rows) -> {
                byte[][] values = v.values;
                for (int r = 0; r < rows; r++) {
                    byte[] value = values[r];
                    if (value == null) {
                        out.writeNull(0, 0);
                    } else {
                        out.write(Binary.fromConstantByteArray(value), 0, 1); // the batch never reuses a value's array
                    }
                }
            };
        };
    }
}
