package io.extractor.types;

import static java.util.Objects.requireNonNull;

import java.util.function.IntFunction;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Everything about one column of a task in one object (Trino's {@code ColumnMapping}): its kind, the Parquet field
 * it becomes, the vector that holds a batch of it, the reader that fills that vector from a result set, and
 * whether a dictionary is worth trying. Built once per column and task by the dialect's column mappings; the
 * constructor checks that the vector feeds the Parquet physical type, so a wrong pairing fails when the mapping
 * is written, not as a corrupt file.
 *
 * @param dictionary false where values are distinct by nature (timestamps, durations), so dictionary encoding
 *                   would only cost a hash lookup per value
 */
public record ColumnMapping(ColumnKind kind, PrimitiveType parquetType, IntFunction<? extends ColumnVector> vectors, Reading reading,
                            boolean dictionary) {

    /** Makes the reader of one column at a result set position, filling the given vector (of this mapping's class). */
    @FunctionalInterface
    public interface Reading {
        ColumnReader reader(int index, ColumnVector vector);
    }

    /** A reader factory typed by its vector class. */
    @FunctionalInterface
    public interface TypedReading<V extends ColumnVector> {
        ColumnReader reader(int index, V vector);
    }

    public ColumnMapping {
        requireNonNull(kind, "kind");
        requireNonNull(parquetType, "parquetType");
        requireNonNull(vectors, "vectors");
        requireNonNull(reading, "reading");
        ColumnVector sample = vectors.apply(0);
        if (!feeds(sample, parquetType.getPrimitiveTypeName())) {
            throw new IllegalArgumentException("column " + parquetType.getName() + " (" + kind + "): a " + sample.getClass().getSimpleName()
                    + " vector cannot be written as Parquet " + parquetType.getPrimitiveTypeName());
        }
    }

    public static <V extends ColumnVector> ColumnMapping of(ColumnKind kind, PrimitiveType parquetType, IntFunction<V> vectors,
                                                            TypedReading<V> reading, boolean dictionary) {
        @SuppressWarnings("unchecked")
        Reading untyped = (index, vector) -> reading.reader(index, (V) vector);
        return new ColumnMapping(kind, parquetType, vectors, untyped, dictionary);
    }

    public String name() {
        return parquetType.getName();
    }

    public ColumnVector newVector(int capacity) {
        return vectors.apply(capacity);
    }

    /** The reader of the column at {@code index} (1-based, as JDBC counts) into {@code vector}, from {@link #newVector}. */
    public ColumnReader reader(int index, ColumnVector vector) {
        return reading.reader(index, vector);
    }

    /** Which Parquet physical type each vector class writes; {@code VectorWriter} calls the matching write method. */
    static boolean feeds(ColumnVector vector, PrimitiveTypeName physical) {
        return switch (vector) {
            case ColumnVector.Booleans ignored -> physical == PrimitiveTypeName.BOOLEAN;
            case ColumnVector.Ints ignored -> physical == PrimitiveTypeName.INT32;
            case ColumnVector.Longs ignored -> physical == PrimitiveTypeName.INT64;
            case ColumnVector.Floats ignored -> physical == PrimitiveTypeName.FLOAT;
            case ColumnVector.Doubles ignored -> physical == PrimitiveTypeName.DOUBLE;
            case ColumnVector.Bytes ignored -> physical == PrimitiveTypeName.BINARY || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        };
    }
}
