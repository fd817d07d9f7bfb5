package io.extractor.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.sink.SinkException;
import io.extractor.source.mysql.MySqlDialect;
import io.extractor.types.ValueConversionException;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailuresTest {
    private static final String WHERE = "task j.0.3 (test.orders ids [1, 100001), attempt 1)";

    @Test
    void aLostConnectionIsRetriedAndKeepsTheDriversFirstLineForTheLogNotItsStackTraceAndNotOnTheTask() {
        SQLException lost = new SQLException("Error retrieving record: Unexpected Exception: java.io.EOFException message given: "
                + "Can not read response from server.\n\tat com.mysql.cj.protocol.FullReadInputStream.readFully(FullReadInputStream.java:67)\n", "S1000", 0);

        Failures.Failure failure = Failures.classify(WHERE, new RuntimeException("wrapped", lost), 0, MySqlDialect.INSTANCE);

        assertThat(failure.kind()).isEqualTo(FailureKind.SOURCE_ERROR);
        assertThat(failure.kind().retries(1, 3)).isTrue();
        assertThat(failure.detail()).isEqualTo("Error retrieving record: Unexpected Exception: "
                + "java.io.EOFException message given: Can not read response from server.");
        assertThat(failure.message()).startsWith(WHERE + ": source SQLState S1000").doesNotContain("EOFException", "Can not read");
    }

    @Test
    void aServersMessageThatCarriesRowValuesStaysOffTheTask() {
        // what a filter such as extractvalue(1, concat(0x7e, secret)) makes the server say, row by row
        SQLException xpath = new SQLException("XPATH syntax error: '~s3cr3t-value'", "HY000", 1105);

        Failures.Failure failure = Failures.classify(WHERE, xpath, 0, MySqlDialect.INSTANCE);

        assertThat(failure.message()).contains("source error 1105").doesNotContain("s3cr3t", "~");
        assertThat(failure.detail()).contains("s3cr3t-value");
    }

    @Test
    void aKilledQueryIsRetried() {
        assertThat(Failures.classify(WHERE, new SQLException("Query execution was interrupted", "70100", 1317), 0, MySqlDialect.INSTANCE).kind().retry())
                .isEqualTo(FailureKind.Retry.YES);
    }

    @Test
    void aMissingTableFailsAtOnceAndSaysWhatToDo() {
        Failures.Failure failure = Failures.classify(WHERE, new SQLException("Table 'test.orders' doesn't exist", "42S02", 1146), 0, MySqlDialect.INSTANCE);

        assertThat(failure.kind()).isEqualTo(FailureKind.SOURCE_SCHEMA);
        assertThat(failure.kind().retries(1, 3)).isFalse();
        assertThat(failure.message()).contains("source error 1146", "the table is gone from the source; restore it and retry")
                .doesNotContain("test.orders' doesn't exist");
    }

    @Test
    void runningOutOfMemoryIsNeverRetriedIntoTheSameWall() {
        Failures.Failure failure = Failures.classify(WHERE, new RuntimeException("encoder", new OutOfMemoryError("Java heap space")), 0, MySqlDialect.INSTANCE);

        assertThat(failure.kind()).isEqualTo(FailureKind.ROW_TOO_LARGE);
        assertThat(failure.kind().retries(1, 3)).isFalse();
        assertThat(failure.message()).contains("ran out of memory", "leave large columns out", "more heap");
    }

    @Test
    void aRowOverTheDriversPacketLimitFailsAtOnceNamingTheSetting() {
        SQLException tooBig = new com.mysql.cj.jdbc.exceptions.PacketTooBigException(16_777_215, 4_194_304);

        Failures.Failure failure = Failures.classify(WHERE, tooBig, 4_194_304, MySqlDialect.INSTANCE);

        assertThat(failure.kind()).isEqualTo(FailureKind.ROW_TOO_LARGE);
        assertThat(failure.message()).contains("larger than the worker accepts", "extractor.worker.max-row-bytes, 4194304 bytes");
    }

    @Test
    void anUnexpectedErrorIsAReportedBugRetriedOnceAtMost() {
        Failures.Failure failure = Failures.classify(WHERE, new StackOverflowError(), 0, MySqlDialect.INSTANCE);

        assertThat(failure.kind()).isEqualTo(FailureKind.INTERNAL);
        assertThat(failure.kind().retries(1, 5)).as("after attempt 1").isTrue();
        assertThat(failure.kind().retries(2, 5)).as("after attempt 2").isFalse();
    }

    /** One line per case: what was thrown, and the kind it is. */
    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void eachFailureHasItsKind(String what, FailureKind kind, Throwable error) {
        assertThat(Failures.classify(WHERE, error, 0, MySqlDialect.INSTANCE).kind()).isEqualTo(kind);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                of("access denied for the user", FailureKind.SOURCE_PERMISSION, new SQLException("Access denied", "28000", 1045)),
                of("no SELECT grant on the table", FailureKind.SOURCE_PERMISSION, new SQLException("SELECT command denied", "42000", 1142)),
                of("a write refused by the read-only session", FailureKind.SOURCE_PERMISSION,
                        new SQLException("Cannot execute statement in a READ ONLY transaction", "25006", 1792)),
                of("table gone", FailureKind.SOURCE_SCHEMA, new SQLException("Table doesn't exist", "42S02", 1146)),
                of("column gone", FailureKind.SOURCE_SCHEMA, new SQLException("Unknown column", "42S22", 1054)),
                of("filter no longer parses", FailureKind.SOURCE_SCHEMA, new SQLException("You have an error in your SQL syntax", "42000", 1064)),
                of("server gone away", FailureKind.SOURCE_UNREACHABLE, new SQLException("MySQL server has gone away", "HY000", 2006)),
                of("connection refused", FailureKind.SOURCE_UNREACHABLE, new SQLException("Communications link failure", "08S01", 0)),
                of("lost connection during a query", FailureKind.SOURCE_UNREACHABLE, new SQLException("Lost connection", "HY000", 2013)),
                of("lock wait timeout", FailureKind.SOURCE_ERROR, new SQLException("Lock wait timeout exceeded", "HY000", 1205)),
                of("too many connections", FailureKind.SOURCE_UNREACHABLE, new SQLException("Too many connections", "08004", 1040)),
                of("a value with no Parquet form", FailureKind.VALUE_OUT_OF_RANGE, new ValueConversionException("c_time 900:00:00 is out of range")),
                of("sink throttled", FailureKind.SINK_UNREACHABLE, sinkAnswered(503, "SlowDown")),
                of("sink keys refused", FailureKind.SINK_PERMISSION, sinkAnswered(403, "AccessDenied")),
                of("sink bucket missing", FailureKind.SINK_PERMISSION, sinkAnswered(404, "NoSuchBucket")),
                of("sink unreachable", FailureKind.SINK_UNREACHABLE, new SinkException(SinkException.Kind.UNREACHABLE, 0, "", "connect timed out", null)),
                of("a bug", FailureKind.INTERNAL, new IllegalStateException("unexpected null")),
                of("a bug under a wrapper", FailureKind.INTERNAL, new RuntimeException(new NullPointerException())));
    }

    private static Arguments of(String what, FailureKind kind, Throwable error) {
        return Arguments.of(what, kind, error);
    }

    private static SinkException sinkAnswered(int status, String code) {
        return new SinkException(status >= 500 ? SinkException.Kind.FAILING : SinkException.Kind.REFUSED, status, code, code, null);
    }
}
