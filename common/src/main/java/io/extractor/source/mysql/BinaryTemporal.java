package io.extractor.source.mysql;

/**
 * Decodes MySQL's binary-protocol temporal values, which Connector/J hands over unchanged from {@code getBytes}
 * on a server-side prepared statement. Decoding them here avoids java.sql/java.time objects per value and
 * keeps the session time zone out of it.
 *
 * <pre>
 * DATE, DATETIME, TIMESTAMP: length 0 | 4 | 7 | 11 = year(2, LE) month day [hour minute second [micros(4, LE)]]
 * TIME:                      length 0 | 8 | 12     = negative days(4, LE) hour minute second [micros(4, LE)]
 * </pre>
 */
public final class BinaryTemporal {
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    /** Result of {@link #epochDays} for a zero or partly-zero date such as {@code 0000-00-00}: read as NULL. */
    public static final long ZERO_DATE = Long.MIN_VALUE;

    private BinaryTemporal() {
    }

    /** Days since 1970-01-01 of a DATE/DATETIME value, or {@link #ZERO_DATE}. */
    public static long epochDays(byte[] value) {
        if (value.length == 0) {
            return ZERO_DATE;
        }
        checkLength(value, "DATE/DATETIME", 4, 7, 11);
        int year = (value[0] & 0xff) | (value[1] & 0xff) << 8;
        int month = value[2];
        int day = value[3];
        if (month == 0 || day == 0) {
            return ZERO_DATE;
        }
        return daysFromCivil(year, month, day);
    }

    /** Microseconds since 1970-01-01T00:00 of a DATETIME/TIMESTAMP value taken as UTC wall time, or {@link #ZERO_DATE}. */
    public static long epochMicros(byte[] value) {
        long days = epochDays(value);
        if (days == ZERO_DATE) {
            return ZERO_DATE;
        }
        long micros = days * MICROS_PER_DAY;
        if (value.length >= 7) {
            micros += ((value[4] * 60L + value[5]) * 60L + value[6]) * 1_000_000L;
        }
        if (value.length == 11) {
            micros += le32(value, 7);
        }
        return micros;
    }

    /** Signed microseconds of a TIME value, which MySQL allows from -838:59:59 to 838:59:59. */
    public static long timeMicros(byte[] value) {
        if (value.length == 0) {
            return 0;
        }
        checkLength(value, "TIME", 8, 12);
        boolean negative = value[0] == 1;
        long days = le32(value, 1) & 0xffffffffL;
        long micros = (((days * 24 + value[5]) * 60 + value[6]) * 60 + value[7]) * 1_000_000L;
        if (value.length == 12) {
            micros += le32(value, 8) & 0xffffffffL;
        }
        return negative ? -micros : micros;
    }

    /**
     * A TIME as MySQL prints it: sign, at least two hour digits, minutes, seconds, and {@code fractionDigits}
     * digits of the second ({@code -838:59:59.000000} for TIME(6), {@code 12:30:00} for TIME).
     */
    public static String timeText(long micros, int fractionDigits) {
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000;
        StringBuilder text = new StringBuilder(
                String.format("%s%02d:%02d:%02d", micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60));
        if (fractionDigits > 0) {
            text.append('.').append(String.format("%06d", abs % 1_000_000), 0, Math.min(fractionDigits, 6));
        }
        return text.toString();
    }

    /** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    public static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int le32(byte[] value, int offset) {
        return (value[offset] & 0xff) | (value[offset + 1] & 0xff) << 8 | (value[offset + 2] & 0xff) << 16 | (value[offset + 3] & 0xff) << 24;
    }

    private static void checkLength(byte[] value, String type, int... allowed) {
        for (int length : allowed) {
            if (value.length == length) {
                return;
            }
        }
        throw new IllegalStateException("unexpected " + value.length + "-byte " + type + " value: the driver did not use the binary protocol;"
                + " check that nothing in the source URL disables useServerPrepStmts");
    }
}
