package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.extractor.types.ColumnKind;
import io.extractor.types.TypeChoice;

/**
 * One output column, fixed at planning time so every part of a table has the same Parquet schema.
 *
 * @param sourceType     the MySQL column type as the catalog gave it, kept to detect a table changed mid-run
 * @param decimalDigits  precision of a DECIMAL (total digits); 0 for other kinds
 * @param decimalScale   scale of a DECIMAL (digits after the point); 0 for other kinds
 * @param fractionDigits fractional second digits of DATETIME, TIMESTAMP and TIME; 0 for other kinds
 * @param bits           width of a BIT column; 0 for other kinds
 * @param choice         the table's {@code "types"} choice for this column, null when it took the default
 */
public record ColumnPlan(String name, ColumnKind kind, boolean nullable, String sourceType, int decimalDigits, int decimalScale,
                         int fractionDigits, int bits, TypeChoice choice) {
    public ColumnPlan {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(sourceType, "sourceType");
    }

    /** A column whose kind needs no digits or bits (integers, strings, dates, ...). */
    public static ColumnPlan of(String name, ColumnKind kind, boolean nullable, String sourceType) {
        return new ColumnPlan(name, kind, nullable, sourceType, 0, 0, 0, 0, null);
    }

    /**
     * Reads a column of any plan.json: this one's fields, or those written before they had clear names, where one
     * {@code precision} held decimal digits, BIT width or fractional seconds depending on the kind. A job planned
     * before the upgrade can so be resumed after it.
     */
    @JsonCreator
    static ColumnPlan fromJson(@JsonProperty("name") String name, @JsonProperty("kind") ColumnKind kind,
                               @JsonProperty("nullable") boolean nullable, @JsonProperty("sourceType") String sourceType,
                               @JsonProperty("decimalDigits") Integer decimalDigits, @JsonProperty("decimalScale") Integer decimalScale,
                               @JsonProperty("fractionDigits") Integer fractionDigits, @JsonProperty("bits") Integer bits,
                               @JsonProperty("choice") TypeChoice choice,
                               @JsonProperty("precision") Integer legacyPrecision, @JsonProperty("scale") Integer legacyScale) {
        if (legacyPrecision != null || legacyScale != null) {
            int precision = legacyPrecision == null ? 0 : legacyPrecision;
            int scale = legacyScale == null ? 0 : legacyScale;
            return switch (kind) {
                case DECIMAL, DECIMAL_TEXT -> new ColumnPlan(name, kind, nullable, sourceType, precision, scale, 0, 0, choice);
                case BITS, BITS_UNSIGNED -> new ColumnPlan(name, kind, nullable, sourceType, 0, 0, 0, precision, choice);
                case DATETIME, TIMESTAMP, TIME -> new ColumnPlan(name, kind, nullable, sourceType, 0, 0, precision, 0, choice);
                default -> new ColumnPlan(name, kind, nullable, sourceType, 0, 0, 0, 0, choice);
            };
        }
        return new ColumnPlan(name, kind, nullable, sourceType, orZero(decimalDigits), orZero(decimalScale), orZero(fractionDigits),
                orZero(bits), choice);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
