package io.extractor.source;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;

/**
 * A source that could not be connected to or read while a request waited on it (a submit, a resume). Its message
 * names the source and says what happened in general terms (an error code and its meaning), so any caller may see
 * it; the driver's own message, which names the host and the user and can hold values a statement read, stays in
 * the cause, for the log.
 */
public final class SourceAccessException extends SQLException {
    private final String source;

    public SourceAccessException(String source, String message, SQLException cause) {
        super(requireNonNull(message, "message"), cause.getSQLState(), cause.getErrorCode(), cause);
        this.source = requireNonNull(source, "source");
    }

    /** The configured name of the source. */
    public String source() {
        return source;
    }
}
