package io.extractor.worker.task;

import static java.util.Objects.requireNonNull;

import io.extractor.job.FailureKind;
import io.extractor.sink.SinkException;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceFailure;
import io.extractor.types.ValueConversionException;
import io.extractor.worker.extract.SchemaCheck;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Sorts a failure into its {@link FailureKind}, which decides whether retrying may help (a lost connection, a
 * timeout, a throttled or failing store: yes; a missing table, no permission, a value with no faithful Parquet form:
 * no; anything unexpected: once), and says what to do about it. Database errors are read by the source's
 * {@link SourceDialect}, sink errors arrive as a {@link SinkException} whatever the store.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * What went wrong: its kind and the message kept on the task, which the API shows to every viewer.
     *
     * @param detail the source's own words, for the worker's log only (never on the task): a server's message can
     *               carry values of rows (a failing cast, an XPath error a filter provoked) or its host and user; null
     *               when the message says it all
     */
    public record Failure(FailureKind kind, String message, String detail) {
        public Failure {
            requireNonNull(kind, "kind");
            requireNonNull(message, "message");
        }

        public Failure(FailureKind kind, String message) {
            this(kind, message, null);
        }
    }

    /**
     * @param maxRowBytes the worker's row budget ({@code extractor.worker.max-row-bytes}), named in the message of a
     *                    row over it; 0 when unknown
     * @param dialect     the source's dialect, which knows what its errors mean; null when the task failed before its
     *                    source was known
     */
    public static Failure classify(String where, Throwable error, long maxRowBytes, SourceDialect dialect) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("PacketTooBig")) {
                return new Failure(FailureKind.ROW_TOO_LARGE, where + ": a row of this range is larger than the worker accepts"
                        + (maxRowBytes > 0 ? " (extractor.worker.max-row-bytes, " + maxRowBytes + " bytes)" : "")
                        + "; leave its large columns out of \"columns\", or give the workers more heap and raise max-row-bytes (at most 16M)");
            }
            if (t instanceof OutOfMemoryError) {
                // retrying would only run out of memory again, an attempt at a time
                return new Failure(FailureKind.ROW_TOO_LARGE, where + ": the worker ran out of memory (heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                        + " MiB) reading or writing this range: its rows or values are larger than the worker can hold; leave large"
                        + " columns out of \"columns\", or give the workers more heap (-Xmx) and fewer slots");
            }
            if (t instanceof Error) {
                return new Failure(FailureKind.INTERNAL, where + ": " + t + " (a bug or a broken worker, not the data: report it with this message)");
            }
        }
        Throwable cause = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ValueConversionException || t instanceof SchemaCheck.TableChangedException
                    || t instanceof SQLException || t instanceof SinkException) {
                cause = t;
                break;
            }
        }
        return switch (cause) {
            case ValueConversionException e -> new Failure(FailureKind.VALUE_OUT_OF_RANGE, where + ": " + e.getMessage());
            case SchemaCheck.TableChangedException e -> new Failure(FailureKind.SOURCE_SCHEMA, where + ": " + e.getMessage());
            case SQLException e -> sql(where, e, dialect);
            case SinkException e -> sink(where, e);
            // the output stream's I/O: the part upload to the sink
            case IOException e -> new Failure(FailureKind.SINK_UNREACHABLE, where + ": " + e);
            default -> new Failure(FailureKind.INTERNAL, where + ": " + cause + " (unexpected: report it with this message and the worker's log)");
        };
    }

    private static Failure sql(String where, SQLException e, SourceDialect dialect) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = where + ": source " + (dialect == null ? "error " + code + (state.isEmpty() ? "" : " (" + state + ")") : dialect.describe(e))
                + " (the worker's log has the server's message)";
        SourceFailure classified = dialect == null
                ? new SourceFailure(FailureKind.SOURCE_ERROR, FailureKind.SOURCE_ERROR.action()) : dialect.classify(e);
        // a retried kind needs no advice yet; one that fails the task says what to do
        return new Failure(classified.kind(), classified.kind().retry() == FailureKind.Retry.YES ? text : text + "; " + classified.hint(),
                firstLine(e.getMessage()));
    }

    /** Connector/J appends whole stack traces to some messages (a lost connection); the first line says what happened. */
    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static Failure sink(String where, SinkException e) {
        String text = where + ": " + (e.answered() ? "sink answered " + e.status() + (e.code().isEmpty() ? "" : " " + e.code()) + ": " : "")
                + firstLine(e.getMessage());
        return switch (e.kind()) {
            case UNREACHABLE, FAILING, INTERRUPTED -> new Failure(FailureKind.SINK_UNREACHABLE, text);
            // refused: bad keys, no bucket, or a request the store does not accept; another attempt gets the same answer
            case REFUSED -> new Failure(FailureKind.SINK_PERMISSION, text + "; " + switch (e.status()) {
                case 403 -> "check the sink's access key, secret key and the bucket policy";
                case 404 -> "check that the sink's bucket exists";
                default -> "check the sink configuration";
            } + ", then retry the job's failed tasks");
        };
    }
}
