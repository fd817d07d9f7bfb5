package io.extractor.worker.extract;

import io.extractor.plan.ColumnPlan;
import io.extractor.types.ColumnKind;

/**
 * Picks, once per column and task, the reader for its {@link ColumnKind}. Values are read with the primitive
 * getters of the binary protocol, or as raw bytes where the wire format is what we want (strings, unsigned
 * 64-bit integers, temporal values, decimals).
 */
public final class ColumnReaders {
    private ColumnReaders() {
    }

    /** The vector type that holds a column of this kind. */
    public static ColumnVector vector(ColumnPlan column, int capacity) {
        return switch (column.kind()) {
            case BOOLEAN, BOOLEAN_TINYINT -> new ColumnVector.Booleans(capacity);
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, DATE -> new ColumnVector.Ints(capacity);
            case INT64, UINT64, BITS, BITS_UNSIGNED, DATETIME, TIMESTAMP, TIME -> new ColumnVector.Longs(capacity);
            case DECIMAL -> column.precision() <= 9 ? new ColumnVector.Ints(capacity)
                    : column.precision() <= 18 ? new ColumnVector.Longs(capacity) : new ColumnVector.Bytes(capacity);
            case FLOAT -> new ColumnVector.Floats(capacity);
            case DOUBLE -> new ColumnVector.Doubles(capacity);
            case DECIMAL_TEXT, STRING, JSON, BINARY -> new ColumnVector.Bytes(capacity);
        };
    }

    public static ColumnReader reader(ColumnPlan column, int index, ColumnVector vector) {
        String name = column.name();
        return switch (column.kind()) {
            case BOOLEAN -> {
                ColumnVector.Booleans v = (ColumnVector.Booleans) vector;
                yield (rs, row) -> {
                    long bits = rs.getLong(index);
                    v.nulls[row] = rs.wasNull();
                    v.values[row] = bits != 0;
                    return 0;
                };
            }
            case BOOLEAN_TINYINT -> {
                ColumnVector.Booleans v = (ColumnVector.Booleans) vector;
                yield (rs, row) -> {
                    int value = rs.getInt(index);
                    v.nulls[row] = rs.wasNull();
                    if (value != 0 && value != 1) {
                        throw new ValueConversionException("column " + name + " is TINYINT(1), written as BOOLEAN, but holds " + value
                                + "; set extractor.plan.tinyint1-as-boolean=false on the coordinator and submit the job again to write it as INT8");
                    }
                    v.values[row] = value == 1;
                    return 0;
                };
            }
            case INT8, UINT8, INT16, UINT16, INT32 -> {
                ColumnVector.Ints v = (ColumnVector.Ints) vector;
                yield (rs, row) -> {
                    v.values[row] = rs.getInt(index);
                    v.nulls[row] = rs.wasNull();
                    return 0;
                };
            }
            case UINT32 -> {
                ColumnVector.Ints v = (ColumnVector.Ints) vector;
                yield (rs, row) -> {
                    v.values[row] = (int) rs.getLong(index); // the unsigned bits; Parquet's UINT_32 annotation reads them back
                    v.nulls[row] = rs.wasNull();
                    return 0;
                };
            }
            case INT64, BITS -> {
                ColumnVector.Longs v = (ColumnVector.Longs) vector;
                yield (rs, row) -> {
                    v.values[row] = rs.getLong(index);
                    v.nulls[row] = rs.wasNull();
                    return 0;
                };
            }
            case UINT64 -> littleEndianLong((ColumnVector.Longs) vector, index, name);
            case BITS_UNSIGNED -> bigEndianLong((ColumnVector.Longs) vector, index);
            case FLOAT -> {
                ColumnVector.Floats v = (ColumnVector.Floats) vector;
                yield (rs, row) -> {
                    v.values[row] = rs.getFloat(index);
                    v.nulls[row] = rs.wasNull();
                    return 0;
                };
            }
            case DOUBLE -> {
                ColumnVector.Doubles v = (ColumnVector.Doubles) vector;
                yield (rs, row) -> {
                    v.values[row] = rs.getDouble(index);
                    v.nulls[row] = rs.wasNull();
                    return 0;
                };
            }
            case DECIMAL -> decimal(column, index, vector);
            case DATE -> {
                ColumnVector.Ints v = (ColumnVector.Ints) vector;
                yield (rs, row) -> {
                    byte[] raw = rs.getBytes(index);
                    long days = raw == null ? BinaryTemporal.ZERO_DATE : BinaryTemporal.epochDays(raw);
                    v.nulls[row] = days == BinaryTemporal.ZERO_DATE;
                    v.values[row] = (int) days;
                    return 0;
                };
            }
            case DATETIME, TIMESTAMP -> {
                ColumnVector.Longs v = (ColumnVector.Longs) vector;
                yield (rs, row) -> {
                    byte[] raw = rs.getBytes(index);
                    long micros = raw == null ? BinaryTemporal.ZERO_DATE : BinaryTemporal.epochMicros(raw);
                    v.nulls[row] = micros == BinaryTemporal.ZERO_DATE;
                    v.values[row] = micros;
                    return 0;
                };
            }
            case TIME -> {
                ColumnVector.Longs v = (ColumnVector.Longs) vector;
                yield (rs, row) -> {
                    byte[] raw = rs.getBytes(index);
                    v.nulls[row] = raw == null;
                    if (raw != null) {
                        long micros = BinaryTemporal.timeMicros(raw);
                        if (micros < 0 || micros >= BinaryTemporal.MICROS_PER_DAY) {
                            throw new ValueConversionException("column " + name + " is TIME, written as Parquet TIME (a time of day),"
                                    + " but holds the duration " + formatTime(micros) + "; leave the column out of \"columns\""
                                    + " or filter such rows with \"where\"");
                        }
                        v.values[row] = micros;
                    }
                    return 0;
                };
            }
            case DECIMAL_TEXT, STRING, JSON, BINARY -> {
                ColumnVector.Bytes v = (ColumnVector.Bytes) vector;
                yield (rs, row) -> {
                    byte[] raw = rs.getBytes(index);
                    v.values[row] = raw;
                    return raw == null ? 0 : raw.length;
                };
            }
        };
    }

    private static ColumnReader decimal(ColumnPlan column, int index, ColumnVector vector) {
        int scale = column.scale();
        if (column.precision() <= 9) {
            ColumnVector.Ints v = (ColumnVector.Ints) vector;
            return (rs, row) -> {
                byte[] raw = rs.getBytes(index);
                v.nulls[row] = raw == null;
                if (raw != null) {
                    v.values[row] = (int) DecimalText.unscaledLong(raw, scale);
                }
                return 0;
            };
        }
        if (column.precision() <= 18) {
            ColumnVector.Longs v = (ColumnVector.Longs) vector;
            return (rs, row) -> {
                byte[] raw = rs.getBytes(index);
                v.nulls[row] = raw == null;
                if (raw != null) {
                    v.values[row] = DecimalText.unscaledLong(raw, scale);
                }
                return 0;
            };
        }
        int width = DecimalText.bytesFor(column.precision());
        ColumnVector.Bytes v = (ColumnVector.Bytes) vector;
        return (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            v.values[row] = raw == null ? null : DecimalText.unscaledBytes(raw, scale, width);
            return raw == null ? 0 : width;
        };
    }

    /** BIGINT UNSIGNED: the binary protocol sends 8 little-endian bytes; getLong would refuse values above 2^63. */
    private static ColumnReader littleEndianLong(ColumnVector.Longs v, int index, String name) {
        return (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            v.nulls[row] = raw == null;
            if (raw != null) {
                if (raw.length != 8) {
                    throw new IllegalStateException("column " + name + ": expected 8 bytes of BIGINT UNSIGNED, got " + raw.length
                            + "; the driver did not use the binary protocol");
                }
                long value = 0;
                for (int i = 7; i >= 0; i--) {
                    value = value << 8 | (raw[i] & 0xff);
                }
                v.values[row] = value;
            }
            return 0;
        };
    }

    /** BIT(64): the value's bytes, most significant first. */
    private static ColumnReader bigEndianLong(ColumnVector.Longs v, int index) {
        return (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            v.nulls[row] = raw == null;
            if (raw != null) {
                long value = 0;
                for (byte b : raw) {
                    value = value << 8 | (b & 0xff);
                }
                v.values[row] = value;
            }
            return 0;
        };
    }

    static String formatTime(long micros) {
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000;
        return String.format("%s%d:%02d:%02d.%06d", micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60, abs % 1_000_000);
    }
}
