package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSplitterTest {
    private static final BigInteger UNSIGNED_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    @Test
    void rangesTileTheSpanWithoutGapOrOverlap() {
        List<IdRange> ranges = RangeSplitter.uniform(BigInteger.valueOf(3), BigInteger.valueOf(1002), BigInteger.valueOf(100));

        assertThat(ranges).hasSize(10);
        assertTiles(ranges, BigInteger.valueOf(3), BigInteger.valueOf(1002));
        assertThat(ranges.getLast()).isEqualTo(IdRange.of(903, 1003));
    }

    @Test
    void lastRangeIsCutAtTheFixedMaximum() {
        List<IdRange> ranges = RangeSplitter.uniform(BigInteger.ONE, BigInteger.valueOf(250), BigInteger.valueOf(100));

        assertThat(ranges).containsExactly(IdRange.of(1, 101), IdRange.of(101, 201), IdRange.of(201, 251));
    }

    @Test
    void oneRowTableIsOneRange() {
        assertThat(RangeSplitter.uniform(BigInteger.TEN, BigInteger.TEN, BigInteger.valueOf(1000)))
                .containsExactly(IdRange.of(10, 11));
    }

    @Test
    void signedExtremesAreCovered() {
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger width = BigInteger.TWO.pow(62);

        List<IdRange> ranges = RangeSplitter.uniform(min, max, width);

        assertThat(ranges).hasSize(4);
        assertTiles(ranges, min, max);
        assertThat(ranges.getLast().hi()).isEqualTo(BigInteger.TWO.pow(63));
    }

    @Test
    void unsignedIdsUpTo2To64AreCovered() {
        BigInteger min = UNSIGNED_MAX.subtract(BigInteger.valueOf(9));

        List<IdRange> ranges = RangeSplitter.uniform(min, UNSIGNED_MAX, BigInteger.valueOf(4));

        assertTiles(ranges, min, UNSIGNED_MAX);
        assertThat(ranges.getLast().hi()).isEqualTo(BigInteger.TWO.pow(64));
    }

    @Test
    void countMatchesTheRangesWithoutBuildingThem() {
        assertThat(RangeSplitter.count(BigInteger.ZERO, UNSIGNED_MAX, BigInteger.ONE)).isEqualTo(Long.MAX_VALUE);
        assertThat(RangeSplitter.count(BigInteger.ZERO, BigInteger.valueOf(999), BigInteger.valueOf(100))).isEqualTo(10);
        assertThat(RangeSplitter.count(BigInteger.ZERO, BigInteger.valueOf(1000), BigInteger.valueOf(100))).isEqualTo(11);
    }

    @Test
    void widthMustBePositive() {
        assertThatThrownBy(() -> RangeSplitter.uniform(BigInteger.ZERO, BigInteger.TEN, BigInteger.ZERO))
                .hasMessageContaining("width must be positive");
    }

    private static void assertTiles(List<IdRange> ranges, BigInteger min, BigInteger max) {
        assertThat(ranges.getFirst().lo()).isEqualTo(min);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lo()).as("range %d starts where %d ends", i, i - 1).isEqualTo(ranges.get(i - 1).hi());
            assertThat(ranges.get(i).isEmpty()).isFalse();
        }
        assertThat(ranges.getLast().hi()).isEqualTo(max.add(BigInteger.ONE));
    }
}
