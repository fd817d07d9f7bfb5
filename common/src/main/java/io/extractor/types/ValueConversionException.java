package io.extractor.types;

/**
 * A source value the chosen Parquet type cannot hold exactly. Retrying cannot help, so the task fails at once;
 * the message names the column and the per-column type choice that would extract it.
 */
public class ValueConversionException extends RuntimeException {
    public ValueConversionException(String message) {
        super(message);
    }
}
