package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bisect, scale, cut and merge steps on their own, with estimates computed from a known spread of ids (one row
 * per id in {@code [0, 1,000,000)}, none elsewhere); the planner against real MariaDB is {@code RowPlanningTest}.
 */
class RowSplitterTest {
    private static final long DENSE_END = 1_000_000;

    /** The rows of one id per row in [0, DENSE_END), exactly, as a source's estimate. */
    private static OptionalLong dense(IdRange range) {
        BigInteger lo = range.lo().max(BigInteger.ZERO);
        BigInteger hi = range.hi().min(BigInteger.valueOf(DENSE_END));
        return OptionalLong.of(hi.compareTo(lo) > 0 ? hi.subtract(lo).longValueExact() : 0);
    }

    @Test
    void rangesTileTheIdsAndHoldTheTargetWhenEstimatesAreExact() throws Exception {
        RowSplitter.Split split = RowSplitter.split(BigInteger.ZERO, BigInteger.valueOf(DENSE_END - 1), 100_000, 1000, 1000,
                OptionalLong.empty(), RowSplitterTest::dense).orElseThrow();

        assertTiles(split.ranges(), BigInteger.ZERO, BigInteger.valueOf(DENSE_END));
        assertThat(split.ranges()).allSatisfy(r -> assertThat(r.rows()).isBetween(50_000L, 100_000L));
        assertThat(split.queries()).isLessThanOrEqualTo(1000);
    }

    @Test
    void whenTheBudgetRunsOutARangeAboveTheTargetIsCutIntoEqualWidths() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        RowSplitter.Split split = RowSplitter.split(BigInteger.ZERO, BigInteger.valueOf(DENSE_END - 1), 100_000, 3, 1000,
                OptionalLong.empty(), range -> {
                    asked.incrementAndGet();
                    return dense(range);
                }).orElseThrow();

        assertThat(asked.get()).isEqualTo(3);
        assertThat(split.queries()).isEqualTo(3);
        assertTiles(split.ranges(), BigInteger.ZERO, BigInteger.valueOf(DENSE_END));
        assertThat(split.ranges()).hasSize(10).allSatisfy(r -> assertThat(r.rows()).isEqualTo(100_000));
    }

    /**
     * What MariaDB answered for the demo table of 1,000,000 rows: a range holding more than half the table is
     * estimated at half the table, narrower ones at about four times their rows. Taking the scale once, from the
     * first (capped) sum, planned 15 tasks of 62,500 rows for a target of 500,000.
     */
    @Test
    void theScaleIsTakenAgainAfterBisectingDeeperSoCappedWideEstimatesDoNotShrinkEveryTask() throws Exception {
        RowSplitter.Split split = RowSplitter.split(BigInteger.ZERO, BigInteger.valueOf(DENSE_END - 1), 500_000, 1000, 1000,
                OptionalLong.of(DENSE_END), range -> {
                    long rows = dense(range).getAsLong();
                    return OptionalLong.of(rows > DENSE_END / 2 ? DENSE_END / 2 : 4 * rows);
                }).orElseThrow();

        assertTiles(split.ranges(), BigInteger.ZERO, BigInteger.valueOf(DENSE_END));
        assertThat(split.ranges()).hasSizeBetween(2, 3);
        assertThat(split.ranges()).allSatisfy(r -> assertThat(dense(r.range()).getAsLong()).isBetween(250_000L, 500_000L));
    }

    @Test
    void estimatesThatCountTwiceTheRowsAreScaledToTheTablesRowCount() throws Exception {
        RowSplitter.Split split = RowSplitter.split(BigInteger.ZERO, BigInteger.valueOf(DENSE_END - 1), 100_000, 1000, 1000,
                OptionalLong.of(DENSE_END), range -> OptionalLong.of(2 * dense(range).getAsLong())).orElseThrow();

        assertTiles(split.ranges(), BigInteger.ZERO, BigInteger.valueOf(DENSE_END));
        assertThat(split.ranges()).allSatisfy(r -> assertThat(r.rows()).isBetween(50_000L, 100_000L));
        assertThat(split.ranges().size()).isBetween(10, 20);
    }

    @Test
    void idsAcrossTheWholeUnsignedRangeTileUpToTwoToTheSixtyFour() throws Exception {
        BigInteger max = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

        RowSplitter.Split split = RowSplitter.split(BigInteger.ZERO, max, 100_000, 1000, 1000, OptionalLong.empty(), RowSplitterTest::dense)
                .orElseThrow();

        assertTiles(split.ranges(), BigInteger.ZERO, max.add(BigInteger.ONE));
        assertThat(split.ranges().stream().mapToLong(EstimatedRange::rows).sum()).isEqualTo(DENSE_END);
        assertThat(split.ranges()).allSatisfy(r -> assertThat(r.rows()).isLessThanOrEqualTo(100_000L));
    }

    @Test
    void noEstimateFromTheSourceMeansNoSplit() throws Exception {
        assertThat(RowSplitter.split(BigInteger.ONE, BigInteger.TEN, 5, 10, 10, OptionalLong.empty(), range -> OptionalLong.empty())).isEmpty();
    }

    @Test
    void oneIdIsNeverSplitHoweverManyRowsItHolds() throws Exception {
        RowSplitter.Split split = RowSplitter.split(BigInteger.valueOf(7), BigInteger.valueOf(7), 10, 100, 100, OptionalLong.empty(),
                range -> OptionalLong.of(1000)).orElseThrow();

        assertThat(split.ranges()).containsExactly(new EstimatedRange(IdRange.of(7, 8), 1000));
    }

    private static void assertTiles(List<EstimatedRange> ranges, BigInteger lo, BigInteger end) {
        assertThat(ranges.getFirst().range().lo()).isEqualTo(lo);
        assertThat(ranges.getLast().range().hi()).isEqualTo(end);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).range().lo()).isEqualTo(ranges.get(i - 1).range().hi());
            assertThat(ranges.get(i).range().isEmpty()).isFalse();
        }
    }
}
