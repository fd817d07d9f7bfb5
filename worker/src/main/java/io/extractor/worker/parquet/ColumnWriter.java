package io.extractor.worker.parquet;

import io.extractor.worker.extract.ColumnVector;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes one column of one row of a batch to Parquet; like the readers, chosen once per column and task so the
 * per-row path has no type switch. A null is an absent field.
 */
@FunctionalInterface
interface ColumnWriter {
    void write(RecordConsumer out, int row);

    static ColumnWriter of(String name, int field, ColumnVector vector) {
        return switch (vector) {
            case ColumnVector.Longs v -> (out, row) -> {
                if (!v.nulls[row]) {
                    out.startField(name, field);
                    out.addLong(v.values[row]);
                    out.endField(name, field);
                }
            };
            case ColumnVector.Ints v -> (out, row) -> {
                if (!v.nulls[row]) {
                    out.startField(name, field);
                    out.addInteger(v.values[row]);
                    out.endField(name, field);
                }
            };
            case ColumnVector.Doubles v -> (out, row) -> {
                if (!v.nulls[row]) {
                    out.startField(name, field);
                    out.addDouble(v.values[row]);
                    out.endField(name, field);
                }
            };
            case ColumnVector.Floats v -> (out, row) -> {
                if (!v.nulls[row]) {
                    out.startField(name, field);
                    out.addFloat(v.values[row]);
                    out.endField(name, field);
                }
            };
            case ColumnVector.Booleans v -> (out, row) -> {
                if (!v.nulls[row]) {
                    out.startField(name, field);
                    out.addBoolean(v.values[row]);
                    out.endField(name, field);
                }
            };
            case ColumnVector.Bytes v -> (out, row) -> {
                byte[] value = v.values[row];
                if (value != null) {
                    out.startField(name, field);
                    out.addBinary(Binary.fromConstantByteArray(value)); // the batch never reuses a value's array
                    out.endField(name, field);
                }
            };
        };
    }
}
