package io.extractor.worker.extract;

/**
 * A source value the chosen Parquet type cannot hold exactly. Retrying cannot help, so the task fails at once;
 * the message names the column and says what to change. The column readers (in common) throw the parent class;
 * {@link RowBatch} hands this one to the worker's failure handling, which knows it by this name. Once that
 * handling names {@code io.extractor.types.ValueConversionException}, this class and the rethrow can go.
 */
public final class ValueConversionException extends io.extractor.types.ValueConversionException {
    public ValueConversionException(String message) {
        super(message);
    }
}
