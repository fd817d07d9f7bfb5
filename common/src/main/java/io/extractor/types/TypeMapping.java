package io.extractor.types;

import io.extractor.plan.ColumnPlan;
import io.extractor.source.ColumnInfo;

/** Maps a catalog column to its {@link ColumnKind}; the single place that decides output types. */
public final class TypeMapping {
    /** Widest DECIMAL that Spark, Trino, DuckDB and pyarrow all read as a decimal. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private final boolean tinyint1AsBoolean;

    public TypeMapping(boolean tinyint1AsBoolean) {
        this.tinyint1AsBoolean = tinyint1AsBoolean;
    }

    public ColumnPlan plan(ColumnInfo column) throws UnsupportedColumnException {
        ColumnKind kind = kind(column);
        int precision = kind == ColumnKind.DECIMAL || kind == ColumnKind.DECIMAL_TEXT ? column.precision() : 0;
        int scale = kind == ColumnKind.DECIMAL || kind == ColumnKind.DECIMAL_TEXT ? column.scale() : 0;
        if (kind == ColumnKind.BITS || kind == ColumnKind.BITS_UNSIGNED) {
            precision = column.precision();
        }
        if (kind == ColumnKind.DATETIME || kind == ColumnKind.TIMESTAMP || kind == ColumnKind.TIME) {
            precision = column.datetimePrecision();
        }
        return new ColumnPlan(column.name(), kind, precision, scale, column.nullable(), column.columnType());
    }

    public ColumnKind kind(ColumnInfo column) throws UnsupportedColumnException {
        boolean unsigned = column.unsigned();
        return switch (column.dataType()) {
            case "tinyint" -> {
                if (tinyint1AsBoolean && column.columnType().startsWith("tinyint(1)") && !unsigned) {
                    yield ColumnKind.BOOLEAN_TINYINT;
                }
                yield unsigned ? ColumnKind.UINT8 : ColumnKind.INT8;
            }
            case "bool", "boolean" -> ColumnKind.BOOLEAN_TINYINT;
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
            case "decimal", "numeric" -> column.precision() <= MAX_DECIMAL_PRECISION ? ColumnKind.DECIMAL : ColumnKind.DECIMAL_TEXT;
            case "date" -> ColumnKind.DATE;
            case "datetime" -> ColumnKind.DATETIME;
            case "timestamp" -> ColumnKind.TIMESTAMP;
            case "time" -> ColumnKind.TIME;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "uuid", "inet4", "inet6" ->
                    column.json() ? ColumnKind.JSON : ColumnKind.STRING;
            case "json" -> ColumnKind.JSON;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ColumnKind.BINARY;
            default -> throw new UnsupportedColumnException("column " + column.name() + " has type " + column.columnType()
                    + ", which has no Parquet mapping here; leave it out of \"columns\"");
        };
    }
}
