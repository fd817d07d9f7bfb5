package io.extractor.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code [min, max]} into ranges of equal width that tile it: no gap, no overlap, the last one ending at
 * {@code max + 1}. The bound is fixed here, so rows inserted later with larger ids belong to the next run.
 */
public final class RangeSplitter {
    private RangeSplitter() {
    }

    public static long count(BigInteger min, BigInteger max, BigInteger width) {
        checkWidth(width);
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger[] division = span.divideAndRemainder(width);
        BigInteger count = division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
        return count.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }

    public static IdRange range(BigInteger min, BigInteger max, BigInteger width, long index) {
        checkWidth(width);
        BigInteger lo = min.add(width.multiply(BigInteger.valueOf(index)));
        BigInteger end = max.add(BigInteger.ONE);
        if (lo.compareTo(end) >= 0) {
            throw new IndexOutOfBoundsException("range " + index + " starts at " + lo + ", past the end " + end);
        }
        return new IdRange(lo, lo.add(width).min(end));
    }

    public static List<IdRange> uniform(BigInteger min, BigInteger max, BigInteger width) {
        long count = count(min, max, width);
        List<IdRange> ranges = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 0; i < count; i++) {
            ranges.add(range(min, max, width, i));
        }
        return ranges;
    }

    private static void checkWidth(BigInteger width) {
        if (width.signum() <= 0) {
            throw new IllegalArgumentException("range width must be positive, got " + width);
        }
    }
}
