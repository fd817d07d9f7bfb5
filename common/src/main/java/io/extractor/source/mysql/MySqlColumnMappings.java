package io.extractor.source.mysql;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

import io.extractor.plan.ColumnPlan;
import io.extractor.source.ColumnInfo;
import io.extractor.types.ColumnKind;
import io.extractor.types.ColumnMapping;
import io.extractor.types.ColumnReader;
import io.extractor.types.ColumnVector;
import io.extractor.types.TypeChoice;
import io.extractor.types.UnsupportedColumnException;
import io.extractor.types.ValueConversionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The one place that decides how a MySQL or MariaDB column becomes Parquet (the role of Trino's
 * {@code StandardColumnMappings}): {@link #plan} picks a column's kind at planning time, from its catalog type and
 * the table's {@code "types"} choice; {@link #mapping} turns a planned kind into its Parquet type, vector, reader
 * and dictionary hint for a task. Adding a MySQL type is a case in each, plus a line in {@code MySqlTypesTest}.
 *
 * <p>Values are read with the primitive getters of the binary protocol, or as raw bytes where the wire format is
 * what we want (strings, unsigned 64-bit integers, temporal values, decimals). Every field is OPTIONAL: the
 * driver can hand back NULL even for a NOT NULL column (zero dates), and Spark writes nullable fields the same way.
 */
public final class MySqlColumnMappings {
    /** Widest DECIMAL that Spark, Trino, DuckDB and pyarrow all read as a decimal. */
    public static final int MAX_DECIMAL_PRECISION = 38;
    /** Widest DECIMAL whose unscaled value fits Parquet INT32. */
    private static final int INT32_DECIMAL_DIGITS = 9;
    /** Widest DECIMAL whose unscaled value fits Parquet INT64. */
    private static final int INT64_DECIMAL_DIGITS = 18;

    private MySqlColumnMappings() {
    }

    /** The choices a table's {@code "types"} may make for this column; empty when it has one form only. */
    public static List<TypeChoice> choices(ColumnInfo column) {
        return switch (column.dataType()) {
            case "tinyint" -> column.columnType().startsWith("tinyint(1)") ? List.of(TypeChoice.BOOLEAN, TypeChoice.INT8) : List.of();
            case "bool", "boolean" -> List.of(TypeChoice.BOOLEAN, TypeChoice.INT8);
            case "time" -> List.of(TypeChoice.TIME, TypeChoice.DURATION, TypeChoice.STRING);
            case "decimal", "numeric" -> column.precision() <= MAX_DECIMAL_PRECISION ? List.of(TypeChoice.DECIMAL, TypeChoice.STRING)
                    : List.of(TypeChoice.STRING);
            default -> List.of();
        };
    }

    /**
     * @param choice            one of {@link #choices} for the column, or null for the default
     * @param tinyint1AsBoolean the default for TINYINT(1) without a choice (the coordinator's switch)
     */
    public static ColumnPlan plan(ColumnInfo column, TypeChoice choice, boolean tinyint1AsBoolean) throws UnsupportedColumnException {
        if (choice != null && !choices(column).contains(choice)) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.columnType() + ") cannot be written as " + choice.key());
        }
        ColumnKind kind = kind(column, choice, tinyint1AsBoolean);
        return switch (kind) {
            case DECIMAL, DECIMAL_TEXT -> new ColumnPlan(column.name(), kind, column.nullable(), column.columnType(), column.precision(),
                    column.scale(), 0, 0, choice);
            case BITS, BITS_UNSIGNED -> new ColumnPlan(column.name(), kind, column.nullable(), column.columnType(), 0, 0, 0,
                    column.precision(), choice);
            case DATETIME, TIMESTAMP, TIME, DURATION, TIME_TEXT -> new ColumnPlan(column.name(), kind, column.nullable(), column.columnType(),
                    0, 0, column.datetimePrecision(), 0, choice);
            default -> new ColumnPlan(column.name(), kind, column.nullable(), column.columnType(), 0, 0, 0, 0, choice);
        };
    }

    static ColumnKind kind(ColumnInfo column, TypeChoice choice, boolean tinyint1AsBoolean) throws UnsupportedColumnException {
        boolean unsigned = column.unsigned();
        return switch (column.dataType()) {
            case "tinyint", "bool", "boolean" -> {
                boolean asBoolean = choice != null ? choice == TypeChoice.BOOLEAN
                        : !column.dataType().equals("tinyint") || tinyint1AsBoolean && column.columnType().startsWith("tinyint(1)") && !unsigned;
                if (asBoolean) {
                    yield ColumnKind.BOOLEAN_TINYINT;
                }
                yield unsigned ? ColumnKind.UINT8 : ColumnKind.INT8;
            }
            case "smallint" -> unsigned ? ColumnKind.UINT16 : ColumnKind.INT16;
            case "year" -> ColumnKind.INT16;
            case "mediumint" -> ColumnKind.INT32;
            case "int", "integer" -> unsigned ? ColumnKind.UINT32 : ColumnKind.INT32;
            case "bigint" -> unsigned ? ColumnKind.UINT64 : ColumnKind.INT64;
            case "bit" -> {
                if (column.precision() <= 1) {
                    yield ColumnKind.BOOLEAN;
                }
                yield column.precision() < 64 ? ColumnKind.BITS : ColumnKind.BITS_UNSIGNED;
            }
            case "float" -> ColumnKind.FLOAT;
            case "double", "real", "double precision" -> ColumnKind.DOUBLE;
            case "decimal", "numeric" -> column.precision() <= MAX_DECIMAL_PRECISION && choice != TypeChoice.STRING
                    ? ColumnKind.DECIMAL : ColumnKind.DECIMAL_TEXT;
            case "date" -> ColumnKind.DATE;
            case "datetime" -> ColumnKind.DATETIME;
            case "timestamp" -> ColumnKind.TIMESTAMP;
            case "time" -> choice == TypeChoice.DURATION ? ColumnKind.DURATION : choice == TypeChoice.STRING ? ColumnKind.TIME_TEXT : ColumnKind.TIME;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "uuid", "inet4", "inet6" ->
                    column.json() ? ColumnKind.JSON : ColumnKind.STRING;
            case "json" -> ColumnKind.JSON;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ColumnKind.BINARY;
            default -> throw new UnsupportedColumnException("column " + column.name() + " has type " + column.columnType()
                    + ", which has no Parquet mapping here; leave it out of \"columns\"");
        };
    }

    /** The mapping of one planned column; its parts are checked against each other by {@link ColumnMapping}. */
    public static ColumnMapping mapping(ColumnPlan column) {
        String name = column.name();
        ColumnKind kind = column.kind();
        return switch (kind) {
            case BOOLEAN -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.BOOLEAN, null), ColumnVector.Booleans::new,
                    (index, v) -> (rs, row) -> {
                        long bits = rs.getLong(index);
                        v.nulls[row] = rs.wasNull();
                        v.values[row] = bits != 0;
                        return 0;
                    }, true);
            case BOOLEAN_TINYINT -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.BOOLEAN, null), ColumnVector.Booleans::new,
                    (index, v) -> (rs, row) -> {
                        int value = rs.getInt(index);
                        v.nulls[row] = rs.wasNull();
                        if (value != 0 && value != 1) {
                            throw new ValueConversionException("column " + name + " is TINYINT(1), written as BOOLEAN, but holds " + value
                                    + "; set \"types\": {\"" + name + "\": \"int8\"} on the table (or extractor.plan.tinyint1-as-boolean=false"
                                    + " on the coordinator, for every job) and submit the job again to write it as INT8");
                        }
                        v.values[row] = value == 1;
                        return 0;
                    }, true);
            case INT8 -> ints(kind, name, LogicalTypeAnnotation.intType(8, true));
            case UINT8 -> ints(kind, name, LogicalTypeAnnotation.intType(8, false));
            case INT16 -> ints(kind, name, LogicalTypeAnnotation.intType(16, true));
            case UINT16 -> ints(kind, name, LogicalTypeAnnotation.intType(16, false));
            case INT32 -> ints(kind, name, LogicalTypeAnnotation.intType(32, true));
            case UINT32 -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(32, false)),
                    ColumnVector.Ints::new, (index, v) -> (rs, row) -> {
                        v.values[row] = (int) rs.getLong(index); // the unsigned bits; Parquet's UINT_32 annotation reads them back
                        v.nulls[row] = rs.wasNull();
                        return 0;
                    }, true);
            case INT64, BITS -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.intType(64, true)),
                    ColumnVector.Longs::new, (index, v) -> (rs, row) -> {
                        v.values[row] = rs.getLong(index);
                        v.nulls[row] = rs.wasNull();
                        return 0;
                    }, true);
            case UINT64 -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.intType(64, false)),
                    ColumnVector.Longs::new, (index, v) -> littleEndianLong(v, index, name), true);
            case BITS_UNSIGNED -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.intType(64, false)),
                    ColumnVector.Longs::new, MySqlColumnMappings::bigEndianLong, true);
            case FLOAT -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.FLOAT, null), ColumnVector.Floats::new,
                    (index, v) -> (rs, row) -> {
                        v.values[row] = rs.getFloat(index);
                        v.nulls[row] = rs.wasNull();
                        return 0;
                    }, true);
            case DOUBLE -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.DOUBLE, null), ColumnVector.Doubles::new,
                    (index, v) -> (rs, row) -> {
                        v.values[row] = rs.getDouble(index);
                        v.nulls[row] = rs.wasNull();
                        return 0;
                    }, true);
            case DECIMAL -> decimal(column);
            case DECIMAL_TEXT, STRING -> bytes(kind, primitive(name, PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()), true);
            case JSON -> bytes(kind, primitive(name, PrimitiveTypeName.BINARY, LogicalTypeAnnotation.jsonType()), true);
            case BINARY -> bytes(kind, primitive(name, PrimitiveTypeName.BINARY, null), true);
            case DATE -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType()),
                    ColumnVector.Ints::new, (index, v) -> (rs, row) -> {
                        byte[] raw = rs.getBytes(index);
                        long days = raw == null ? BinaryTemporal.ZERO_DATE : BinaryTemporal.epochDays(raw);
                        v.nulls[row] = days == BinaryTemporal.ZERO_DATE;
                        v.values[row] = (int) days;
                        return 0;
                    }, true);
            case DATETIME -> timestamp(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.timestampType(false, MICROS)));
            case TIMESTAMP -> timestamp(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.timestampType(true, MICROS)));
            case TIME -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.timeType(false, MICROS)),
                    ColumnVector.Longs::new, (index, v) -> (rs, row) -> {
                        byte[] raw = rs.getBytes(index);
                        v.nulls[row] = raw == null;
                        if (raw != null) {
                            long micros = BinaryTemporal.timeMicros(raw);
                            if (micros < 0 || micros >= BinaryTemporal.MICROS_PER_DAY) {
                                throw new ValueConversionException("column " + name + " is TIME, written as Parquet TIME (a time of day),"
                                        + " but holds the duration " + durationText(micros) + "; set \"types\": {\"" + name
                                        + "\": \"duration\"} (signed microseconds) or {\"" + name + "\": \"string\"} on the table and submit"
                                        + " the job again, or leave the column out of \"columns\", or filter such rows with \"where\"");
                            }
                            v.values[row] = micros;
                        }
                        return 0;
                    }, false);
            case DURATION -> ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT64, LogicalTypeAnnotation.intType(64, true)),
                    ColumnVector.Longs::new, (index, v) -> (rs, row) -> {
                        byte[] raw = rs.getBytes(index);
                        v.nulls[row] = raw == null;
                        if (raw != null) {
                            v.values[row] = BinaryTemporal.timeMicros(raw);
                        }
                        return 0;
                    }, false);
            case TIME_TEXT -> {
                int fractionDigits = column.fractionDigits();
                yield ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()),
                        ColumnVector.Bytes::new, (index, v) -> (rs, row) -> {
                            byte[] raw = rs.getBytes(index);
                            byte[] text = raw == null ? null
                                    : BinaryTemporal.timeText(BinaryTemporal.timeMicros(raw), fractionDigits).getBytes(StandardCharsets.US_ASCII);
                            v.values[row] = text;
                            return text == null ? 0 : text.length;
                        }, false);
            }
        };
    }

    /**
     * DECIMAL(p,s) on the narrowest physical type that holds p digits, as Spark writes it: INT32 up to 9 digits,
     * INT64 up to 18, FIXED_LEN_BYTE_ARRAY beyond. The binary protocol sends the value as ASCII text.
     */
    private static ColumnMapping decimal(ColumnPlan column) {
        int digits = column.decimalDigits();
        int scale = column.decimalScale();
        LogicalTypeAnnotation decimal = LogicalTypeAnnotation.decimalType(scale, digits);
        if (digits <= INT32_DECIMAL_DIGITS) {
            return ColumnMapping.of(ColumnKind.DECIMAL, primitive(column.name(), PrimitiveTypeName.INT32, decimal), ColumnVector.Ints::new,
                    (index, v) -> (rs, row) -> {
                        byte[] raw = rs.getBytes(index);
                        v.nulls[row] = raw == null;
                        if (raw != null) {
                            v.values[row] = (int) DecimalText.unscaledLong(raw, scale);
                        }
                        return 0;
                    }, true);
        }
        if (digits <= INT64_DECIMAL_DIGITS) {
            return ColumnMapping.of(ColumnKind.DECIMAL, primitive(column.name(), PrimitiveTypeName.INT64, decimal), ColumnVector.Longs::new,
                    (index, v) -> (rs, row) -> {
                        byte[] raw = rs.getBytes(index);
                        v.nulls[row] = raw == null;
                        if (raw != null) {
                            v.values[row] = DecimalText.unscaledLong(raw, scale);
                        }
                        return 0;
                    }, true);
        }
        int width = DecimalText.bytesFor(digits);
        PrimitiveType type = Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(width).as(decimal).named(column.name());
        return ColumnMapping.of(ColumnKind.DECIMAL, type, ColumnVector.Bytes::new, (index, v) -> (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            v.values[row] = raw == null ? null : DecimalText.unscaledBytes(raw, scale, width);
            return raw == null ? 0 : width;
        }, true);
    }

    private static ColumnMapping ints(ColumnKind kind, String name, LogicalTypeAnnotation annotation) {
        return ColumnMapping.of(kind, primitive(name, PrimitiveTypeName.INT32, annotation), ColumnVector.Ints::new, (index, v) -> (rs, row) -> {
            v.values[row] = rs.getInt(index);
            v.nulls[row] = rs.wasNull();
            return 0;
        }, true);
    }

    /** Variable-length values, as the binary protocol sends them (text in UTF-8, as the connection enforces). */
    private static ColumnMapping bytes(ColumnKind kind, PrimitiveType type, boolean dictionary) {
        return ColumnMapping.of(kind, type, ColumnVector.Bytes::new, (index, v) -> (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            v.values[row] = raw;
            return raw == null ? 0 : raw.length;
        }, dictionary);
    }

    /** DATETIME and TIMESTAMP: microseconds since 1970 of the wall time (UTC for TIMESTAMP, by the session time zone). */
    private static ColumnMapping timestamp(ColumnKind kind, PrimitiveType type) {
        return ColumnMapping.of(kind, type, ColumnVector.Longs::new, (index, v) -> (rs, row) -> {
            byte[] raw = rs.getBytes(index);
            long micros = raw == null ? BinaryTemporal.ZERO_DATE : BinaryTemporal.epochMicros(raw);
            v.nulls[row] = micros == BinaryTemporal.ZERO_DATE;
            v.values[row] = micros;
            return 0;
        }, false);
    }

    /** A duration for a message: {@code -1:30:00.000000}. */
    private static String durationText(long micros) {
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000;
        return String.format("%s%d:%02d:%02d.%06d", micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60, abs % 1_000_000);
    }

    private static PrimitiveType primitive(String name, PrimitiveTypeName physical, LogicalTypeAnnotation annotation) {
        return Types.optional(physical).as(annotation).named(name);
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
    private static ColumnReader bigEndianLong(int index, ColumnVector.Longs v) {
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
}
