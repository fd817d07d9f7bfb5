package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * Splits {@code [min, max]} into ranges of about {@code targetRows} rows each by the source's estimates, never by
 * reading rows: the range whose estimate is largest is bisected at its id midpoint while it is above the target
 * and wider than one id, until no range is above the target or the query budget is spent. The estimates are then
 * scaled so that they sum to the table's row count from the server's statistics (InnoDB's dives into wide ranges
 * count about twice the rows there are), a range still above the target is cut into equal widths by its estimate,
 * and adjacent ranges whose estimates sum to at most the target are merged. The ranges tile {@code [min, max]}
 * like {@link RangeSplitter}'s: no gap, no overlap, the last ending at {@code max + 1}.
 */
public final class RowSplitter {
    /** A range narrower than this is not bisected: one id's rows (of a non-unique column) stay in one task. */
    static final BigInteger MIN_WIDTH = BigInteger.TWO;
    /** How far the table's row count may scale the range estimates, either way; beyond it one of them is off. */
    static final double MAX_SCALE = 4;
    /** Times the scale is taken again after bisecting deeper for it. */
    static final int MAX_SCALE_ROUNDS = 4;

    private RowSplitter() {
    }

    /**
     * The ranges and their estimates, or empty when the source gave no estimate (plan uniformly then).
     *
     * @param maxQueries estimates asked for at most, the first (of the whole range) included
     * @param maxRanges  ranges the caller accepts; past it, ranges are no longer cut (the answer then holds more than
     *                   this, for the caller to refuse, without building a list of any size)
     * @param tableRows  the server's count of the table's rows from its statistics, to scale the range estimates by;
     *                   empty to take them as they are
     */
    public static Optional<Split> split(BigInteger min, BigInteger max, long targetRows, int maxQueries, long maxRanges,
                                        OptionalLong tableRows, RowEstimates estimates) throws SQLException {
        requireNonNull(estimates, "estimates");
        if (targetRows < 1 || maxQueries < 1 || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("cannot split " + min + ".." + max + " into ranges of " + targetRows + " rows with "
                    + maxQueries + " estimates");
        }
        Bisection bisection = new Bisection(estimates, maxQueries);
        IdRange whole = new IdRange(min, max.add(BigInteger.ONE));
        OptionalLong first = bisection.estimate(whole);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        bisection.open.add(new EstimatedRange(whole, first.getAsLong()));
        if (!bisection.run(targetRows)) {
            return Optional.empty();
        }
        double scale = 1;
        // the scale is taken again after each deeper bisection: MariaDB caps the estimate of a range holding more than
        // half the table at half its rows, so the first sum can count half the table and the narrower ranges twice it
        for (int round = 0; round < MAX_SCALE_ROUNDS && tableRows.isPresent() && tableRows.getAsLong() > 0; round++) {
            long raw = bisection.all().stream().mapToLong(EstimatedRange::rows).sum();
            if (raw <= 0) {
                break;
            }
            scale = Math.clamp((double) tableRows.getAsLong() / raw, 1 / MAX_SCALE, MAX_SCALE);
            int queries = bisection.queries;
            if (scale <= 1) {
                break;
            }
            if (!bisection.run((long) Math.floor(targetRows / scale))) {
                return Optional.empty(); // the estimates count too few: bisect on to the target in true rows
            }
            if (bisection.queries == queries) {
                break; // nothing was above the scaled target: the scale holds
            }
        }
        List<EstimatedRange> ranges = new ArrayList<>();
        for (EstimatedRange range : bisection.all()) {
            EstimatedRange scaled = new EstimatedRange(range.range(), Math.round(range.rows() * scale));
            if (scaled.rows() > targetRows && ranges.size() <= maxRanges) {
                ranges.addAll(cut(scaled, targetRows, maxRanges + 1)); // the budget ran out: assume the rows spread evenly within
            } else {
                ranges.add(scaled);
            }
        }
        ranges.sort(Comparator.comparing(r -> r.range().lo()));
        return Optional.of(new Split(merge(ranges, targetRows), bisection.queries));
    }

    /** The ranges being bisected, largest estimate first, and those that cannot be; the queries spent on them. */
    private static final class Bisection {
        final PriorityQueue<EstimatedRange> open = new PriorityQueue<>(Comparator.comparingLong(EstimatedRange::rows).reversed());
        final List<EstimatedRange> settled = new ArrayList<>();
        final RowEstimates estimates;
        final int maxQueries;
        int queries;

        Bisection(RowEstimates estimates, int maxQueries) {
            this.estimates = estimates;
            this.maxQueries = maxQueries;
        }

        OptionalLong estimate(IdRange range) throws SQLException {
            queries++;
            return estimates.rows(range);
        }

        /** Bisects until no open range is above {@code limit} or the budget is spent; false when an estimate was missing. */
        boolean run(long limit) throws SQLException {
            while (!open.isEmpty()) {
                EstimatedRange largest = open.peek();
                if (largest.rows() <= limit) {
                    return true; // every range left is within the limit
                }
                if (largest.range().width().compareTo(MIN_WIDTH) < 0) {
                    settled.add(open.poll());
                    continue;
                }
                if (queries + 2 > maxQueries) {
                    return true;
                }
                open.poll();
                BigInteger mid = largest.range().lo().add(largest.range().width().shiftRight(1));
                IdRange low = new IdRange(largest.range().lo(), mid);
                IdRange high = new IdRange(mid, largest.range().hi());
                OptionalLong lowRows = estimate(low);
                OptionalLong highRows = estimate(high);
                if (lowRows.isEmpty() || highRows.isEmpty()) {
                    return false;
                }
                open.add(new EstimatedRange(low, lowRows.getAsLong()));
                open.add(new EstimatedRange(high, highRows.getAsLong()));
            }
            return true;
        }

        List<EstimatedRange> all() {
            List<EstimatedRange> all = new ArrayList<>(settled);
            all.addAll(open);
            return all;
        }
    }

    /** A range cut into {@code ceil(rows / target)} equal widths (fewer when it is narrower, at most maxPieces), its estimate shared out. */
    static List<EstimatedRange> cut(EstimatedRange range, long targetRows, long maxPieces) {
        BigInteger width = range.range().width();
        long pieces = BigInteger.valueOf(range.rows() / targetRows + (range.rows() % targetRows == 0 ? 0 : 1)).min(width)
                .min(BigInteger.valueOf(maxPieces)).longValueExact();
        List<EstimatedRange> cut = new ArrayList<>();
        BigInteger pieceCount = BigInteger.valueOf(pieces);
        for (long i = 0; i < pieces; i++) {
            BigInteger lo = range.range().lo().add(width.multiply(BigInteger.valueOf(i)).divide(pieceCount));
            BigInteger hi = range.range().lo().add(width.multiply(BigInteger.valueOf(i + 1)).divide(pieceCount));
            long rows = range.rows() / pieces + (i < range.rows() % pieces ? 1 : 0);
            cut.add(new EstimatedRange(new IdRange(lo, hi), rows));
        }
        return cut;
    }

    /** Adjacent ranges joined while their estimates sum to at most the target; the input is in id order and tiles. */
    static List<EstimatedRange> merge(List<EstimatedRange> ranges, long targetRows) {
        List<EstimatedRange> merged = new ArrayList<>();
        EstimatedRange current = null;
        for (EstimatedRange next : ranges) {
            if (current == null) {
                current = next;
            } else if (current.rows() + next.rows() <= targetRows) {
                current = new EstimatedRange(new IdRange(current.range().lo(), next.range().hi()), current.rows() + next.rows());
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }

    /**
     * @param ranges  in id order, tiling the table's ids
     * @param queries estimates asked for
     */
    public record Split(List<EstimatedRange> ranges, int queries) {
        public Split {
            ranges = List.copyOf(ranges);
        }
    }
}
