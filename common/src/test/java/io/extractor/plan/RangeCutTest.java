package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Where the rest of a running task is cut for an idle worker, against estimates computed from known densities. */
class RangeCutTest {
    /** One row per id below 10,000, then one row per 1,000 ids: a dense head and a sparse tail. */
    private static long rows(IdRange range) {
        long lo = range.lo().longValue();
        long hi = range.hi().longValue();
        long dense = Math.max(0, Math.min(hi, 10_000) - lo);
        long from = Math.max(lo, 10_000);
        long sparse = hi > from ? Math.floorDiv(hi - 1, 1_000) - Math.floorDiv(from - 1, 1_000) : 0; // multiples of 1,000 in [from, hi)
        return dense + sparse;
    }

    /** What InnoDB does to wide ranges: estimates a quarter of the rows once a range spans more than 100 ids. */
    private static OptionalLong rough(IdRange range) {
        long rows = rows(range);
        return OptionalLong.of(range.hi().subtract(range.lo()).longValue() > 100 ? rows / 4 : rows);
    }

    @Test
    void theCutHalvesTheRowsLeftNotTheIds() throws Exception {
        RangeCut cut = RangeCut.find(IdRange.of(0, 1_000_000), 0, 40, r -> OptionalLong.of(rows(r))).orElseThrow();

        long head = rows(new IdRange(BigInteger.ZERO, cut.cut()));
        long tail = rows(new IdRange(cut.cut(), BigInteger.valueOf(1_000_000)));
        assertThat(head).isCloseTo(tail, Offset.offset(2L));
        assertThat(cut.cut().longValue()).as("inside the dense head, far from the id midpoint").isBetween(5_400L, 5_600L);
    }

    @Test
    void estimatesThatCountWideRangesShortStillCutNearTheMiddle() throws Exception {
        RangeCut cut = RangeCut.find(IdRange.of(0, 1_000), 0, 40, RangeCutTest::rough).orElseThrow();

        assertThat(cut.cut().longValue()).isBetween(450L, 550L);
    }

    @Test
    void theCutLeavesTheAttemptAtLeastItsLead() throws Exception {
        RangeCut cut = RangeCut.find(IdRange.of(0, 1_000), 0.7, 40, r -> OptionalLong.of(rows(r))).orElseThrow();

        assertThat(cut.cut().longValue()).isBetween(700L, 702L);
    }

    @Test
    void nothingIsCutWhenTheLeadCoversMostOfTheRestOrNoEstimateOrRowIsThere() throws Exception {
        assertThat(RangeCut.find(IdRange.of(0, 1_000), 0.9, 40, r -> OptionalLong.of(rows(r)))).isEmpty();
        assertThat(RangeCut.find(IdRange.of(7, 8), 0, 40, r -> OptionalLong.of(1))).as("one id").isEmpty();
        assertThat(RangeCut.find(IdRange.of(0, 1_000), 0, 40, r -> OptionalLong.empty())).as("no estimate").isEmpty();
        assertThat(RangeCut.find(IdRange.of(0, 1_000), 0, 40, r -> OptionalLong.of(0))).as("no rows").isEmpty();
    }

    @Test
    void theQueriesStayWithinTheBudgetAndStillCutInsideTheRange() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        IdRange huge = new IdRange(BigInteger.ZERO, BigInteger.TWO.pow(64));
        RangeCut cut = RangeCut.find(huge, 0, 6, r -> {
            asked.incrementAndGet();
            return OptionalLong.of(r.hi().subtract(r.lo()).shiftRight(40).longValue());
        }).orElseThrow();

        assertThat(asked.get()).isEqualTo(6).isEqualTo(cut.queries());
        assertThat(cut.cut()).isGreaterThan(BigInteger.ZERO).isLessThan(BigInteger.TWO.pow(64));
    }
}
