package io.extractor.worker.extract;

/**
 * A source value the chosen Parquet type cannot hold exactly. Retrying cannot help, so the task fails at once;
 * the message names the column and says what to change.
 */
public final class ValueConversionException extends io.extractor.types.ValueConversionException {
    public ValueConversionException(String message) {
        super(message);
    }
}
