package io.extractor.types;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a table's spec asks for one column to be written ({@code "types": {"c_time": "duration"}}), where a source
 * type has more than one faithful Parquet form. Which choices fit which column is the dialect's to say; a column
 * without a choice gets the default a Spark or DuckDB user expects.
 */
public enum TypeChoice {
    /** TIME as a time of day (Parquet TIME); a value outside 00:00..24:00 fails the task. The default for TIME. */
    TIME,
    /** TIME as a signed duration: INT64 microseconds, the whole of MySQL's -838:59:59..838:59:59. */
    DURATION,
    /** The value as MySQL prints it, in a STRING: exact for TIME and DECIMAL. */
    STRING,
    /** TINYINT(1) as BOOLEAN; a value other than 0 or 1 fails the task. */
    BOOLEAN,
    /** TINYINT(1) as the number it holds (INT32 annotated INT(8)). */
    INT8,
    /** DECIMAL as a Parquet DECIMAL. The default for DECIMAL up to 38 digits. */
    DECIMAL;

    /** The name a spec and a plan use: {@code duration}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TypeChoice> parse(String key) {
        return Arrays.stream(values()).filter(c -> c.key().equals(key)).findFirst();
    }

    public static String keys() {
        return Arrays.stream(values()).map(TypeChoice::key).collect(Collectors.joining(", "));
    }
}
