package io.extractor.source;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A column as information_schema describes it.
 *
 * @param dataType          lower-case base type ({@code bigint}, {@code varchar}, ...)
 * @param columnType        full type ({@code bigint(20) unsigned}, {@code tinyint(1)}, {@code enum('a','b')})
 * @param precision         NUMERIC_PRECISION (bits for BIT), 0 when absent
 * @param scale             NUMERIC_SCALE, 0 when absent
 * @param datetimePrecision fractional second digits of temporal types, 0 when absent
 * @param json              a JSON column: MySQL's {@code json}, or MariaDB's {@code longtext} with a {@code json_valid} check
 */
public record ColumnInfo(
        String name,
        String dataType,
        String columnType,
        boolean nullable,
        int precision,
        int scale,
        int datetimePrecision,
        boolean json) {

    public ColumnInfo {
        requireNonNull(name, "name");
        dataType = dataType.toLowerCase(Locale.ROOT);
        columnType = columnType.toLowerCase(Locale.ROOT);
    }

    public boolean unsigned() {
        return columnType.contains("unsigned");
    }

    public boolean isInteger() {
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> true;
            default -> false;
        };
    }
}
