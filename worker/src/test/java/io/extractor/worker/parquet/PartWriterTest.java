package io.extractor.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.plan.ColumnPlan;
import io.extractor.types.ColumnKind;
import io.extractor.worker.extract.RowBatch;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartWriterTest {
    private static final ColumnPlan STATUS = new ColumnPlan("status", ColumnKind.STRING, 0, 0, false, "varchar(16)");
    private static final ColumnPlan NOTE = new ColumnPlan("note", ColumnKind.STRING, 0, 0, true, "varchar(255)");
    private static final ColumnPlan CREATED = new ColumnPlan("created_at", ColumnKind.DATETIME, 3, 0, false, "datetime(3)");

    @Test
    void dictionaryIsKeptForRepeatedValuesAndDroppedForDistinctOnes() throws Exception {
        RowBatch batch = new RowBatch(List.of(STATUS, NOTE), 1000, 1 << 20);
        for (int i = 0; i < 1000; i++) {
            batch.append(row(new String[] {"paid", "void", "shipped"}[i % 3], i % 5 == 0 ? null : "note " + i));
        }

        assertThat(PartWriter.repeats(batch.vector(0), batch.size())).as("3 statuses over 1000 rows").isTrue();
        assertThat(PartWriter.repeats(batch.vector(1), batch.size())).as("a distinct note per row").isFalse();
    }

    @Test
    void theIdAndTimestampsNeverGetADictionary() {
        assertThat(PartWriter.dictionaryPays(new ColumnPlan("id", ColumnKind.INT64, 0, 0, false, "bigint(20)"), "id")).isFalse();
        assertThat(PartWriter.dictionaryPays(CREATED, "id")).isFalse();
        assertThat(PartWriter.dictionaryPays(STATUS, "id")).isTrue();
    }

    /** A one-row result set over two string columns, as the binary protocol hands them to getBytes. */
    private static ResultSet row(String first, String second) {
        return (ResultSet) java.lang.reflect.Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBytes")) {
                        String value = (int) args[0] == 1 ? first : second;
                        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
