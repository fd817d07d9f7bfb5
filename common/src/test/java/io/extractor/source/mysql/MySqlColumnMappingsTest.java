package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.plan.ColumnPlan;
import io.extractor.source.ColumnInfo;
import io.extractor.types.ColumnKind;
import io.extractor.types.ColumnMapping;
import io.extractor.types.ColumnVector;
import io.extractor.types.TypeChoice;
import io.extractor.types.UnsupportedColumnException;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/** The pure half of the MySQL type mapping: catalog column to planned kind, and planned kind to Parquet type. */
class MySqlColumnMappingsTest {

    @Test
    void integerTypesKeepTheirWidthAndSignedness() throws Exception {
        assertThat(kind("tinyint", "tinyint(4)")).isEqualTo(ColumnKind.INT8);
        assertThat(kind("tinyint", "tinyint(3) unsigned")).isEqualTo(ColumnKind.UINT8);
        assertThat(kind("smallint", "smallint(5) unsigned")).isEqualTo(ColumnKind.UINT16);
        assertThat(kind("mediumint", "mediumint(8) unsigned")).isEqualTo(ColumnKind.INT32);
        assertThat(kind("int", "int(10) unsigned")).isEqualTo(ColumnKind.UINT32);
        assertThat(kind("bigint", "bigint(20) unsigned")).isEqualTo(ColumnKind.UINT64);
        assertThat(kind("year", "year(4)")).isEqualTo(ColumnKind.INT16);
    }

    @Test
    void tinyint1IsABooleanByDefaultAndANumberWhenTheCoordinatorOrTheTableSaysSo() throws Exception {
        ColumnInfo flag = column("tinyint", "tinyint(1)", 3, 0, 0);

        assertThat(MySqlColumnMappings.plan(flag, null, true).kind()).isEqualTo(ColumnKind.BOOLEAN_TINYINT);
        assertThat(MySqlColumnMappings.plan(flag, null, false).kind()).isEqualTo(ColumnKind.INT8);
        assertThat(MySqlColumnMappings.plan(flag, TypeChoice.INT8, true).kind()).isEqualTo(ColumnKind.INT8);
        assertThat(MySqlColumnMappings.plan(flag, TypeChoice.BOOLEAN, false).kind()).isEqualTo(ColumnKind.BOOLEAN_TINYINT);
        assertThat(MySqlColumnMappings.plan(flag, TypeChoice.INT8, true).choice()).isEqualTo(TypeChoice.INT8);
    }

    @Test
    void bitWidthDecidesBetweenBooleanNumberAndUnsignedNumber() throws Exception {
        assertThat(MySqlColumnMappings.plan(column("bit", "bit(1)", 1, 0, 0), null, true).kind()).isEqualTo(ColumnKind.BOOLEAN);
        ColumnPlan nine = MySqlColumnMappings.plan(column("bit", "bit(9)", 9, 0, 0), null, true);
        assertThat(nine.kind()).isEqualTo(ColumnKind.BITS);
        assertThat(nine.bits()).isEqualTo(9);
        assertThat(MySqlColumnMappings.plan(column("bit", "bit(64)", 64, 0, 0), null, true).kind()).isEqualTo(ColumnKind.BITS_UNSIGNED);
    }

    @Test
    void decimalsUpTo38DigitsAreDecimalsAndWiderOnesOrThoseChosenAsStringAreText() throws Exception {
        ColumnPlan price = MySqlColumnMappings.plan(column("decimal", "decimal(10,2)", 10, 2, 0), null, true);
        assertThat(price.kind()).isEqualTo(ColumnKind.DECIMAL);
        assertThat(price.decimalDigits()).isEqualTo(10);
        assertThat(price.decimalScale()).isEqualTo(2);
        assertThat(MySqlColumnMappings.plan(column("decimal", "decimal(10,2)", 10, 2, 0), TypeChoice.STRING, true).kind())
                .isEqualTo(ColumnKind.DECIMAL_TEXT);
        assertThat(MySqlColumnMappings.plan(column("decimal", "decimal(65,30)", 65, 30, 0), null, true).kind()).isEqualTo(ColumnKind.DECIMAL_TEXT);
    }

    @Test
    void timeIsATimeOfDayByDefaultAndADurationOrTextWhenChosen() throws Exception {
        ColumnInfo took = column("time", "time(3)", 0, 0, 3);

        assertThat(MySqlColumnMappings.plan(took, null, true).kind()).isEqualTo(ColumnKind.TIME);
        ColumnPlan duration = MySqlColumnMappings.plan(took, TypeChoice.DURATION, true);
        assertThat(duration.kind()).isEqualTo(ColumnKind.DURATION);
        assertThat(duration.fractionDigits()).isEqualTo(3);
        assertThat(MySqlColumnMappings.plan(took, TypeChoice.STRING, true).kind()).isEqualTo(ColumnKind.TIME_TEXT);
    }

    @Test
    void choicesAreOfferedOnlyWhereATypeHasMoreThanOneFaithfulForm() {
        assertThat(MySqlColumnMappings.choices(column("time", "time", 0, 0, 0)))
                .containsExactly(TypeChoice.TIME, TypeChoice.DURATION, TypeChoice.STRING);
        assertThat(MySqlColumnMappings.choices(column("tinyint", "tinyint(1)", 3, 0, 0))).containsExactly(TypeChoice.BOOLEAN, TypeChoice.INT8);
        assertThat(MySqlColumnMappings.choices(column("tinyint", "tinyint(4)", 3, 0, 0))).isEmpty();
        assertThat(MySqlColumnMappings.choices(column("decimal", "decimal(65,0)", 65, 0, 0))).containsExactly(TypeChoice.STRING);
        assertThat(MySqlColumnMappings.choices(column("varchar", "varchar(10)", 0, 0, 0))).isEmpty();
    }

    @Test
    void aChoiceThatDoesNotFitTheColumnIsRefused() {
        assertThatThrownBy(() -> MySqlColumnMappings.plan(column("varchar", "varchar(10)", 0, 0, 0), TypeChoice.DURATION, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be written as duration");
    }

    @Test
    void typesWithoutAFaithfulMappingAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> MySqlColumnMappings.plan(column("geometry", "geometry", 0, 0, 0), null, true))
                .isInstanceOf(UnsupportedColumnException.class).hasMessageContaining("leave it out of \"columns\"");
    }

    @Test
    void decimalsGoOnTheNarrowestPhysicalTypeThatHoldsTheirDigits() throws Exception {
        assertThat(physical(column("decimal", "decimal(9,2)", 9, 2, 0))).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(physical(column("decimal", "decimal(10,2)", 10, 2, 0))).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(physical(column("decimal", "decimal(18,4)", 18, 4, 0))).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(physical(column("decimal", "decimal(19,4)", 19, 4, 0))).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        ColumnMapping wide = mapping(column("decimal", "decimal(38,10)", 38, 10, 0), null);
        assertThat(wide.parquetType().getTypeLength()).isEqualTo(16);
        assertThat(wide.parquetType().getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(10, 38));
    }

    @Test
    void everyKindMapsToAVectorThatFeedsItsParquetType() throws Exception {
        for (ColumnKind kind : ColumnKind.values()) {
            ColumnPlan plan = new ColumnPlan("c", kind, true, "x", kind == ColumnKind.DECIMAL ? 20 : 0, 0, 6, 9, null);
            assertThat(MySqlColumnMappings.mapping(plan).kind()).as(kind.name()).isEqualTo(kind); // the constructor checks the pairing
        }
    }

    @Test
    void durationsAreSignedMicrosecondsAndTimestampsAndTimesGetNoDictionary() throws Exception {
        ColumnMapping duration = mapping(column("time", "time(6)", 0, 0, 6), TypeChoice.DURATION);
        assertThat(duration.parquetType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(duration.parquetType().getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.intType(64, true));
        assertThat(duration.dictionary()).isFalse();
        assertThat(mapping(column("datetime", "datetime(3)", 0, 0, 3), null).dictionary()).isFalse();
        assertThat(mapping(column("varchar", "varchar(3)", 0, 0, 0), null).dictionary()).isTrue();
    }

    @Test
    void aMappingWhoseVectorCannotFeedItsParquetTypeIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> ColumnMapping.of(ColumnKind.INT64, Types.optional(PrimitiveTypeName.INT32).named("id"), ColumnVector.Longs::new,
                (index, v) -> (rs, row) -> 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Longs vector cannot be written as Parquet INT32");
    }

    private static ColumnKind kind(String dataType, String columnType) throws UnsupportedColumnException {
        return MySqlColumnMappings.plan(column(dataType, columnType, 0, 0, 0), null, true).kind();
    }

    private static PrimitiveTypeName physical(ColumnInfo column) throws UnsupportedColumnException {
        return mapping(column, null).parquetType().getPrimitiveTypeName();
    }

    private static ColumnMapping mapping(ColumnInfo column, TypeChoice choice) throws UnsupportedColumnException {
        return MySqlColumnMappings.mapping(MySqlColumnMappings.plan(column, choice, true));
    }

    private static ColumnInfo column(String dataType, String columnType, int precision, int scale, int fractionDigits) {
        return new ColumnInfo("c", dataType, columnType, true, precision, scale, fractionDigits, false);
    }
}
