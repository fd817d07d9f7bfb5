package io.extractor.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    private static final String WHERE = "task j.0.3 (test.orders ids [1, 100001), attempt 1)";

    @Test
    void aLostConnectionIsRetriedAndKeepsTheDriversFirstLineNotItsStackTrace() {
        SQLException lost = new SQLException("Error retrieving record: Unexpected Exception: java.io.EOFException message given: "
                + "Can not read response from server.\n\tat com.mysql.cj.protocol.FullReadInputStream.readFully(FullReadInputStream.java:67)\n", "S1000", 0);

        Failures.Failure failure = Failures.classify(WHERE, new RuntimeException("wrapped", lost));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).isEqualTo(WHERE + ": source error 0 (S1000): Error retrieving record: Unexpected Exception: "
                + "java.io.EOFException message given: Can not read response from server.");
    }

    @Test
    void aKilledQueryIsRetried() {
        assertThat(Failures.classify(WHERE, new SQLException("Query execution was interrupted", "70100", 1317)).retryable()).isTrue();
    }

    @Test
    void aMissingTableFailsAtOnceAndSaysWhatToDo() {
        Failures.Failure failure = Failures.classify(WHERE, new SQLException("Table 'test.orders' doesn't exist", "42S02", 1146));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("source error 1146", "the table is gone from the source; restore it and retry");
    }

    @Test
    void runningOutOfMemoryIsNeverRetriedIntoTheSameWall() {
        Failures.Failure failure = Failures.classify(WHERE, new RuntimeException("encoder", new OutOfMemoryError("Java heap space")));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("ran out of memory", "leave large columns out", "more heap");
    }

    @Test
    void aRowOverTheDriversPacketLimitFailsAtOnceNamingTheSetting() {
        SQLException tooBig = new com.mysql.cj.jdbc.exceptions.PacketTooBigException(16_777_215, 4_194_304);

        Failures.Failure failure = Failures.classify(WHERE, tooBig, 4_194_304);

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("larger than the worker accepts", "extractor.worker.max-row-bytes, 4194304 bytes");
    }

    @Test
    void anUnexpectedErrorIsAReportedBugNotARetry() {
        assertThat(Failures.classify(WHERE, new StackOverflowError()).retryable()).isFalse();
    }
}
