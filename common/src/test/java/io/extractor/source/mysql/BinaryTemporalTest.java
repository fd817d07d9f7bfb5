package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** MySQL's binary-protocol temporal values, as Connector/J hands them to getBytes. */
class BinaryTemporalTest {

    @Test
    void datesAreDaysSince1970IncludingBeforeItAndZeroDatesAreMarked() {
        assertThat(BinaryTemporal.epochDays(date(1970, 1, 1))).isZero();
        assertThat(BinaryTemporal.epochDays(date(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(BinaryTemporal.epochDays(date(1000, 1, 1))).isEqualTo(LocalDate.of(1000, 1, 1).toEpochDay());
        assertThat(BinaryTemporal.epochDays(date(9999, 12, 31))).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
        assertThat(BinaryTemporal.epochDays(new byte[0])).isEqualTo(BinaryTemporal.ZERO_DATE);
        assertThat(BinaryTemporal.epochDays(date(2024, 0, 1))).isEqualTo(BinaryTemporal.ZERO_DATE);
    }

    @Test
    void datetimesAreMicrosecondsOfTheirWallTime() {
        byte[] value = {(byte) 0xe8, 0x07, 3, 15, 13, 45, 30, 0x40, (byte) 0xe2, 0x01, 0}; // 2024-03-15 13:45:30.123456
        LocalDateTime expected = LocalDateTime.of(2024, 3, 15, 13, 45, 30, 123_456_000);

        assertThat(BinaryTemporal.epochMicros(value)).isEqualTo(ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0).atOffset(ZoneOffset.UTC),
                expected.atOffset(ZoneOffset.UTC)));
        assertThat(BinaryTemporal.epochMicros(date(1970, 1, 2))).isEqualTo(BinaryTemporal.MICROS_PER_DAY);
    }

    @Test
    void timesAreSignedMicrosecondsOverMySqlsWholeRange() {
        assertThat(BinaryTemporal.timeMicros(time(false, 0, 13, 45, 30, 500_000))).isEqualTo(((13 * 60 + 45) * 60 + 30) * 1_000_000L + 500_000);
        // -838:59:59 is 34 days and 22 hours
        assertThat(BinaryTemporal.timeMicros(time(true, 34, 22, 59, 59, 0))).isEqualTo(-(838L * 3600 + 59 * 60 + 59) * 1_000_000L);
        assertThat(BinaryTemporal.timeMicros(new byte[0])).isZero();
    }

    @Test
    void timeTextIsWhatMySqlPrints() {
        assertThat(BinaryTemporal.timeText(-(838L * 3600 + 59 * 60 + 59) * 1_000_000L, 6)).isEqualTo("-838:59:59.000000");
        assertThat(BinaryTemporal.timeText(((12 * 60 + 30) * 60) * 1_000_000L, 0)).isEqualTo("12:30:00");
        assertThat(BinaryTemporal.timeText(1_500_000L, 3)).isEqualTo("00:00:01.500");
        assertThat(BinaryTemporal.timeText(-1_000_000L, 0)).isEqualTo("-00:00:01");
    }

    @Test
    void aValueNotInTheBinaryProtocolSaysWhatToCheck() {
        assertThatThrownBy(() -> BinaryTemporal.epochDays("2024-01-01".getBytes())).hasMessageContaining("useServerPrepStmts");
    }

    private static byte[] date(int year, int month, int day) {
        return new byte[] {(byte) year, (byte) (year >> 8), (byte) month, (byte) day};
    }

    private static byte[] time(boolean negative, int days, int hours, int minutes, int seconds, int micros) {
        return new byte[] {(byte) (negative ? 1 : 0), (byte) days, (byte) (days >> 8), 0, 0, (byte) hours, (byte) minutes, (byte) seconds,
                (byte) micros, (byte) (micros >> 8), (byte) (micros >> 16), 0};
    }
}
