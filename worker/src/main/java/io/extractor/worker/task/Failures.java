package io.extractor.worker.task;

import io.extractor.worker.extract.SchemaCheck;
import io.extractor.worker.extract.ValueConversionException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sorts a failure into retryable (the world may fix it: a lost connection, a timeout, a throttled or failing
 * store) or not (retrying cannot: a missing table, no permission, a value with no faithful Parquet form), and
 * says what to do about it.
 */
public final class Failures {
    /** MySQL/MariaDB errors that retrying cannot fix. */
    private static final Set<Integer> PERMANENT_SQL = Set.of(
            1044, 1045, 1142, 1143, 1227, // access denied
            1046, 1049, // no database
            1054, // unknown column
            1064, 1149, // syntax (the job's where filter)
            1146, // no such table
            1109, 1356); // unknown table, view invalid

    private Failures() {
    }

    /** What went wrong, whether retrying may help, and the message kept on the task. */
    public record Failure(boolean retryable, String message) {
    }

    public static Failure classify(String where, Throwable error) {
        return classify(where, error, 0);
    }

    /**
     * @param maxRowBytes the worker's row budget ({@code extractor.worker.max-row-bytes}), named in the message of a
     *                    row over it; 0 when unknown
     */
    public static Failure classify(String where, Throwable error, long maxRowBytes) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("PacketTooBig")) {
                return new Failure(false, where + ": a row of this range is larger than the worker accepts"
                        + (maxRowBytes > 0 ? " (extractor.worker.max-row-bytes, " + maxRowBytes + " bytes)" : "")
                        + "; leave its large columns out of \"columns\", or give the workers more heap and raise max-row-bytes (at most 16M)");
            }
            if (t instanceof OutOfMemoryError) {
                // retrying would only run out of memory again, an attempt at a time
                return new Failure(false, where + ": the worker ran out of memory (heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                        + " MiB) reading or writing this range: its rows or values are larger than the worker can hold; leave large"
                        + " columns out of \"columns\", or give the workers more heap (-Xmx) and fewer slots");
            }
            if (t instanceof Error) {
                return new Failure(false, where + ": " + t + " (a bug or a broken worker, not the data: report it with this message)");
            }
        }
        Throwable cause = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ValueConversionException || t instanceof SchemaCheck.TableChangedException
                    || t instanceof SQLException || t instanceof S3Exception || t instanceof SdkClientException) {
                cause = t;
                break;
            }
        }
        return switch (cause) {
            case ValueConversionException e -> new Failure(false, where + ": " + e.getMessage());
            case SchemaCheck.TableChangedException e -> new Failure(false, where + ": " + e.getMessage());
            case SQLException e -> sql(where, e);
            case S3Exception e -> s3(where, e);
            case SdkClientException e -> new Failure(true, where + ": cannot reach the sink (" + e.getMessage() + ")");
            case IOException e -> new Failure(true, where + ": " + e);
            default -> new Failure(true, where + ": " + cause + " (unexpected: report it with this message if it repeats)");
        };
    }

    private static Failure sql(String where, SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = where + ": source error " + code + (state.isEmpty() ? "" : " (" + state + ")") + ": " + firstLine(e.getMessage());
        if (PERMANENT_SQL.contains(code) || state.startsWith("28") || state.startsWith("42")) {
            return new Failure(false, text + "; " + hint(code));
        }
        // transient (lost connection, lock wait, timeout, too many connections) or unknown: worth another attempt
        return new Failure(true, text);
    }

    /** Connector/J appends whole stack traces to some messages (a lost connection); the first line says what happened. */
    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static String hint(int code) {
        return switch (code) {
            case 1044, 1045, 1142, 1143, 1227 -> "grant the source user SELECT on the table, then retry the job's failed tasks";
            case 1146, 1109 -> "the table is gone from the source; restore it and retry, or submit a new job";
            case 1054 -> "a column is gone from the source; submit a new job for the new schema";
            case 1064, 1149 -> "fix the table's \"where\" filter and submit the job again";
            default -> "fix the source, then retry the job's failed tasks";
        };
    }

    private static Failure s3(String where, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String text = where + ": sink answered " + status + (code == null || code.isEmpty() ? "" : " " + code) + ": "
                + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        if (status >= 500 || status == 429 || "SlowDown".equals(code) || "RequestTimeout".equals(code)) {
            return new Failure(true, text);
        }
        String hint = switch (status) {
            case 403 -> "check the sink's access key, secret key and the bucket policy";
            case 404 -> "check that the sink's bucket exists";
            default -> "check the sink configuration";
        };
        return new Failure(false, text + "; " + hint + ", then retry the job's failed tasks");
    }
}
