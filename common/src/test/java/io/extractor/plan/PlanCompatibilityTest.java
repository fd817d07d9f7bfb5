package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.queue.Json;
import io.extractor.source.mysql.MySqlColumnMappings;
import io.extractor.types.ColumnKind;
import io.extractor.types.ColumnMapping;
import io.extractor.types.TypeChoice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.Test;

/**
 * A plan.json written before columns had named digits (one {@code precision} for decimal digits, BIT width and
 * fractional seconds alike) must still load, so a job planned before an upgrade can be resumed after it. The
 * fixture was written by that code (commit 1b63f4c), not by hand.
 */
class PlanCompatibilityTest {

    @Test
    void aPlanWrittenBeforeTheUpgradeLoadsWithEachPrecisionInItsNamedField() throws IOException {
        JobPlan plan = Json.read(fixture("/plans/plan-before-column-mappings.json"), JobPlan.class);

        List<ColumnPlan> columns = plan.table(0).columns();
        assertThat(columns).extracting(ColumnPlan::name)
                .containsExactly("id", "amount", "huge", "flags", "created_at", "seen", "took", "paid", "note");
        assertThat(columns.get(0)).isEqualTo(ColumnPlan.of("id", ColumnKind.INT64, false, "bigint(20)"));
        assertThat(columns.get(1)).isEqualTo(new ColumnPlan("amount", ColumnKind.DECIMAL, true, "decimal(12,2)", 12, 2, 0, 0, null));
        assertThat(columns.get(2)).isEqualTo(new ColumnPlan("huge", ColumnKind.DECIMAL_TEXT, true, "decimal(65,30)", 65, 30, 0, 0, null));
        assertThat(columns.get(3)).isEqualTo(new ColumnPlan("flags", ColumnKind.BITS, true, "bit(9)", 0, 0, 0, 9, null));
        assertThat(columns.get(4)).isEqualTo(new ColumnPlan("created_at", ColumnKind.DATETIME, false, "datetime(3)", 0, 0, 3, 0, null));
        assertThat(columns.get(6)).isEqualTo(new ColumnPlan("took", ColumnKind.TIME, true, "time(6)", 0, 0, 6, 0, null));
        assertThat(columns.get(7).kind()).isEqualTo(ColumnKind.BOOLEAN_TINYINT);
        assertThat(plan.spec().tables().getFirst().types()).isNull();
        assertThat(plan.table(0).taskCount()).isEqualTo(3);
    }

    @Test
    void anOldPlansDecimalStillMapsToTheParquetTypeItWasWrittenWith() throws IOException {
        JobPlan plan = Json.read(fixture("/plans/plan-before-column-mappings.json"), JobPlan.class);

        ColumnMapping amount = MySqlColumnMappings.mapping(plan.table(0).columns().get(1));

        assertThat(amount.parquetType().getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(2, 12));
    }

    @Test
    void aNewPlanSurvivesItsOwnJsonWithChoicesAndNamedDigits() {
        ColumnPlan took = new ColumnPlan("took", ColumnKind.DURATION, true, "time(3)", 0, 0, 3, 0, TypeChoice.DURATION);
        ColumnPlan price = new ColumnPlan("price", ColumnKind.DECIMAL_TEXT, false, "decimal(10,2)", 10, 2, 0, 0, TypeChoice.STRING);

        String json = Json.write(List.of(took, price));

        assertThat(json).doesNotContain("\"precision\"").contains("\"fractionDigits\":3", "\"choice\":\"duration\"");
        assertThat(List.of(Json.read(Json.write(took), ColumnPlan.class), Json.read(Json.write(price), ColumnPlan.class)))
                .containsExactly(took, price);
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = PlanCompatibilityTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
