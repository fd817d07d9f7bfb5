package io.extractor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PartFileTest {
    private static final BigInteger TWO_TO_64 = BigInteger.TWO.pow(64);
    private static final PartFile.Footer FOOTER = new PartFile.Footer("20261125-0625-ab12", "20261125-0625-ab12.0.7", "shop.orders",
            BigInteger.valueOf(701), BigInteger.valueOf(801), 2);

    @Test
    void aPartNameCarriesItsRangeNumberAndGivesItBack() {
        assertThat(PartFile.name(0)).isEqualTo("part-00000.parquet");
        assertThat(PartFile.name(42)).isEqualTo("part-00042.parquet");
        assertThat(PartFile.name(1_234_567)).isEqualTo("part-1234567.parquet");
        for (long seq : new long[] {0, 7, 99_999, 100_000, 1_234_567, Long.MAX_VALUE}) {
            assertThat(PartFile.seq(PartFile.name(seq))).as("seq %d", seq).hasValue(seq);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"_manifest.json", "_SUCCESS", "part-1.parquet", "part-000042.parquet", "part-00042.parquet.tmp",
            "part-00042", "part-abcde.parquet", "part--0001.parquet", "part-+0001.parquet", "PART-00001.parquet", "part-00001.PARQUET",
            "part- 0001.parquet", "x/part-00001.parquet", "part-99999999999999999999.parquet", "part-.parquet"})
    void anythingButAPartNameIsNotAPart(String name) {
        assertThat(PartFile.seq(name)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void aNegativeRangeNumberHasNoName() {
        assertThatThrownBy(() -> PartFile.name(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void theFooterMetadataReadsBackAsWritten() {
        assertThat(PartFile.footer(PartFile.metadata(FOOTER))).contains(FOOTER);

        PartFile.Footer unsigned = new PartFile.Footer("j", "j.1.0", "db.t", TWO_TO_64.subtract(BigInteger.TEN), TWO_TO_64, 1);
        assertThat(PartFile.footer(PartFile.metadata(unsigned))).contains(unsigned);
        PartFile.Footer negative = new PartFile.Footer("j", "j.1.0", "db.t", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(-5), 3);
        assertThat(PartFile.footer(PartFile.metadata(negative))).contains(negative);
    }

    @Test
    void theFooterKeysAreTheOnesPartsAlreadyInBucketsCarry() {
        assertThat(PartFile.metadata(FOOTER)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "extractor.job", "20261125-0625-ab12",
                "extractor.task", "20261125-0625-ab12.0.7",
                "extractor.table", "shop.orders",
                "extractor.range", "[701, 801)",
                "extractor.attempt", "2"));
    }

    @Test
    void aFooterWithoutTheAttemptIsTheFirstAttempt() {
        Map<String, String> metadata = new HashMap<>(PartFile.metadata(FOOTER));
        metadata.remove("extractor.attempt");

        assertThat(PartFile.footer(metadata)).hasValueSatisfying(f -> assertThat(f.attempt()).isEqualTo(1));
    }

    @Test
    void aFooterSomeoneElseWroteIsNotOurs() {
        assertThat(PartFile.footer(Map.of("writer.model.name", "spark"))).isEmpty();
        for (String key : new String[] {"extractor.job", "extractor.task", "extractor.table", "extractor.range"}) {
            Map<String, String> metadata = new HashMap<>(PartFile.metadata(FOOTER));
            metadata.remove(key);
            assertThat(PartFile.footer(metadata)).as("without %s", key).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "701, 801", "[701, 801]", "[701,801)", "[801, 701)", "[a, 801)", "[701, 801, 901)", "[, )"})
    void aMalformedRangeIsNotOurs(String range) {
        Map<String, String> metadata = new HashMap<>(PartFile.metadata(FOOTER));
        metadata.put("extractor.range", range);

        assertThat(PartFile.footer(metadata)).isEmpty();
    }

    @Test
    void aMalformedAttemptIsNotOurs() {
        Map<String, String> metadata = new HashMap<>(PartFile.metadata(FOOTER));
        metadata.put("extractor.attempt", "second");

        assertThat(PartFile.footer(metadata)).isEmpty();
    }

    @Test
    void theFooterIsReadFromTheEndOfTheFileWithTwoRangedReads() {
        byte[] file = ParquetBytes.withFooter(1234, PartFile.metadata(FOOTER));
        int[] reads = {0};

        PartFile.Read read = PartFile.read("mem://part", file.length, (first, last) -> {
            reads[0]++;
            return Arrays.copyOfRange(file, (int) first, (int) last + 1);
        });

        assertThat(read.rows()).isEqualTo(1234);
        assertThat(read.footer()).contains(FOOTER);
        assertThat(reads[0]).isEqualTo(2);
    }

    @Test
    void aFileThatIsNotParquetIsRefusedNamingIt() {
        byte[] text = "just some text, not a part at all".getBytes();

        assertThatThrownBy(() -> PartFile.read("s3://b/k", text.length, (first, last) -> Arrays.copyOfRange(text, (int) first, (int) last + 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("s3://b/k").hasMessageContaining("Parquet footer");
        assertThatThrownBy(() -> PartFile.read("s3://b/k", 3, (first, last) -> new byte[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("too short");
    }
}
