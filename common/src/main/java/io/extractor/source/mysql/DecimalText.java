package io.extractor.source.mysql;

import io.extractor.types.ValueConversionException;
import java.math.BigInteger;

/**
 * Turns MySQL's DECIMAL text ({@code -12345.67}, which the binary protocol sends as ASCII) into the unscaled
 * integer Parquet stores, without a BigDecimal per value where a long holds it.
 */
public final class DecimalText {
    private DecimalText() {
    }

    /** The unscaled value of a DECIMAL with precision up to 18. */
    public static long unscaledLong(byte[] text, int scale) {
        long unscaled = 0;
        int fraction = -1;
        boolean negative = false;
        for (byte c : text) {
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.') {
                fraction = 0;
            } else if (c == '-') {
                negative = true;
            } else if (c != '+') {
                throw new ValueConversionException("not a decimal: \"" + new String(text, java.nio.charset.StandardCharsets.US_ASCII) + "\"");
            }
        }
        int digits = Math.max(fraction, 0);
        if (digits > scale) {
            throw new ValueConversionException("decimal \"" + new String(text, java.nio.charset.StandardCharsets.US_ASCII)
                    + "\" has more than " + scale + " fraction digits");
        }
        for (int i = digits; i < scale; i++) {
            unscaled *= 10;
        }
        return negative ? -unscaled : unscaled;
    }

    /** The unscaled value as big-endian two's complement in exactly {@code width} bytes (Parquet FIXED_LEN_BYTE_ARRAY). */
    public static byte[] unscaledBytes(byte[] text, int scale, int width) {
        String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        BigInteger unscaled = new java.math.BigDecimal(s).setScale(scale).unscaledValue();
        byte[] minimal = unscaled.toByteArray();
        if (minimal.length > width) {
            throw new ValueConversionException("decimal " + s + " does not fit in " + width + " bytes");
        }
        byte[] out = new byte[width];
        byte fill = unscaled.signum() < 0 ? (byte) 0xff : 0;
        int pad = width - minimal.length;
        for (int i = 0; i < pad; i++) {
            out[i] = fill;
        }
        System.arraycopy(minimal, 0, out, pad, minimal.length);
        return out;
    }

    /** Bytes Parquet needs for a FIXED_LEN_BYTE_ARRAY decimal of {@code precision} digits. */
    public static int bytesFor(int precision) {
        int bytes = 1;
        while (BigInteger.TEN.pow(precision).compareTo(BigInteger.ONE.shiftLeft(8 * bytes - 1)) > 0) {
            bytes++;
        }
        return bytes;
    }
}
