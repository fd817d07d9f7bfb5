package io.extractor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SinkLayoutTest {
    private final SinkLayout layout = new SinkLayout("lake/raw");

    @Test
    void aTableRunIsAHiveStyleFolderUnderThePrefix() {
        assertThat(layout.runFolder("orders", "2026-11-25")).isEqualTo("lake/raw/orders/run=2026-11-25/");
        assertThat(new SinkLayout("").runFolder("orders", "r1")).isEqualTo("orders/run=r1/");
    }

    @Test
    void partsMarkersAndManifestsLieInTheRunFolder() {
        assertThat(layout.partKey("orders", "r1", 3)).isEqualTo("lake/raw/orders/run=r1/part-00003.parquet");
        assertThat(layout.manifestKey("orders", "r1")).isEqualTo("lake/raw/orders/run=r1/_manifest.json");
        assertThat(layout.successKey("orders", "r1")).isEqualTo("lake/raw/orders/run=r1/_SUCCESS");
        assertThat(SinkLayout.successKey("lake/raw/orders/run=r1/")).isEqualTo(layout.successKey("orders", "r1"));
        assertThat(SinkLayout.manifestKey("lake/raw/orders/run=r1/")).isEqualTo(layout.manifestKey("orders", "r1"));
    }

    @Test
    void aPlanLiesInItsJobsFolderOutsideAnyTable() {
        assertThat(layout.planKey("20261125-062539-ab12")).isEqualTo("lake/raw/_jobs/20261125-062539-ab12/plan.json");
    }

    @Test
    void aNameInAFolderIsWhatFollowsTheFolder() {
        String folder = layout.runFolder("orders", "r1");

        assertThat(SinkLayout.nameIn(folder, layout.partKey("orders", "r1", 12))).isEqualTo("part-00012.parquet");
        assertThat(PartFile.seq(SinkLayout.nameIn(folder, layout.partKey("orders", "r1", 12)))).hasValue(12);
        assertThatThrownBy(() -> SinkLayout.nameIn(folder, "lake/raw/customers/run=r1/part-00000.parquet"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheFoldersOwnFilesAreHiddenFromReaders() {
        assertThat(SinkLayout.isHidden("_SUCCESS")).isTrue();
        assertThat(SinkLayout.isHidden("_manifest.json")).isTrue();
        assertThat(SinkLayout.isHidden(PartFile.name(0))).isFalse();
    }

    @Test
    void aKeyIsNotAFolder() {
        assertThatThrownBy(() -> SinkLayout.successKey("lake/raw/orders/run=r1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends in '/'");
    }

    @Test
    void aPlainTableNameIsItsFolderLowerCased() {
        assertThat(SinkLayout.outputName("Orders_2026")).isEqualTo("orders_2026");
        assertThat(SinkLayout.outputName("a$b.c-d")).isEqualTo("a$b.c-d");
    }

    @Test
    void anyOtherTableNameIsEncodedSoItStaysOneFolder() {
        assertThat(SinkLayout.outputName("order lines")).isEqualTo("order+lines");
        assertThat(SinkLayout.outputName("a/b")).isEqualTo("a%2fb");
        assertThat(SinkLayout.outputName("Ünïcode")).isEqualTo("%c3%9cn%c3%afcode");
    }

    @Test
    void aRunNamesOneFolderOrSaysWhatIsWrong() {
        assertThat(SinkLayout.checkRun("2026-11-25")).isNull();
        assertThat(SinkLayout.checkRun("date=2026-11-25.v2_a")).isNull();
        assertThat(SinkLayout.checkRun("a".repeat(128))).isNull();
        for (String bad : new String[] {null, "", "-leading", ".hidden", "_hidden", "a/b", "..", "a b", "a".repeat(129)}) {
            assertThat(SinkLayout.checkRun(bad)).as("run %s", bad).contains("letters, digits");
        }
    }

    @Test
    void thePrefixIsNormalisedWhateverSlashesItWasGivenWith() {
        SinkSettings settings = new SinkSettings("s", java.util.Optional.empty(), "us-east-1", "b", "/lake/raw/", false,
                java.util.Optional.empty(), java.util.Optional.empty());

        assertThat(settings.layout().runFolder("t", "r")).isEqualTo("lake/raw/t/run=r/");
        assertThat(settings.uri(settings.layout().runFolder("t", "r"))).isEqualTo("s3://b/lake/raw/t/run=r/");
    }
}
