package io.extractor.types;

/** A column whose type has no faithful Parquet mapping; the message says what to do instead. */
public final class UnsupportedColumnException extends Exception {
    public UnsupportedColumnException(String message) {
        super(message);
    }
}
