package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * A half-open range of ids {@code [lo, hi)}. BigInteger because BIGINT UNSIGNED ids reach 2^64 - 1, so the
 * exclusive end of the last range can be 2^64.
 */
public record IdRange(BigInteger lo, BigInteger hi) {
    public IdRange {
        requireNonNull(lo, "lo");
        requireNonNull(hi, "hi");
        if (hi.compareTo(lo) < 0) {
            throw new IllegalArgumentException("range end " + hi + " is below its start " + lo);
        }
    }

    public static IdRange of(long lo, long hi) {
        return new IdRange(BigInteger.valueOf(lo), BigInteger.valueOf(hi));
    }

    public BigInteger width() {
        return hi.subtract(lo);
    }

    public boolean isEmpty() {
        return hi.equals(lo);
    }

    public boolean contains(BigInteger id) {
        return id.compareTo(lo) >= 0 && id.compareTo(hi) < 0;
    }

    @Override
    public String toString() {
        return "[" + lo + ", " + hi + ")";
    }
}
