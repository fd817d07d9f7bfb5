package io.extractor.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.plan.ColumnPlan;
import io.extractor.source.mysql.MySqlColumnMappings;
import io.extractor.types.ColumnKind;
import io.extractor.types.ColumnMapping;
import io.extractor.worker.extract.RowBatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

class PartWriterTest {
    private static final ColumnMapping STATUS = MySqlColumnMappings.mapping(ColumnPlan.of("status", ColumnKind.STRING, false, "varchar(16)"));
    private static final ColumnMapping NOTE = MySqlColumnMappings.mapping(ColumnPlan.of("note", ColumnKind.STRING, true, "varchar(255)"));
    private static final ColumnMapping CREATED = MySqlColumnMappings.mapping(
            new ColumnPlan("created_at", ColumnKind.DATETIME, false, "datetime(3)", 0, 0, 3, 0, null));

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
        assertThat(PartWriter.dictionaryPays(MySqlColumnMappings.mapping(ColumnPlan.of("id", ColumnKind.INT64, false, "bigint(20)")), "id")).isFalse();
        assertThat(PartWriter.dictionaryPays(CREATED, "id")).isFalse();
        assertThat(PartWriter.dictionaryPays(STATUS, "id")).isTrue();
    }

    @Test
    void partsGivenUpMidWayLeaveNoZstdContextBehind() throws Exception {
        // 1 KiB pages, so every batch compresses pages long before a row group would be flushed
        ParquetSettings settings = new ParquetSettings(CompressionCodecName.ZSTD, 1, 1 << 20, 1024, 1024);
        RowBatch batch = new RowBatch(List.of(STATUS, NOTE), 2000, 1 << 20);
        for (int i = 0; i < 2000; i++) {
            batch.append(row(new String[] {"paid", "void", "shipped"}[i % 3], "note " + i));
        }
        int before = ZstdContexts.created();
        for (int part = 0; part < 300; part++) {
            MemoryOutput out = new MemoryOutput();
            PartWriter writer = new PartWriter(out, "orders", List.of(STATUS, NOTE), "id", settings, Map.of(), batch);
            writer.write(batch);
            switch (part % 3) {
                case 0 -> { } // abandoned, as by a task that fails before its writer is closed
                case 1 -> {
                    long written = out.bytes.size();
                    writer.abort();
                    writer.close();
                    assertThat(out.bytes.size()).as("an aborted part writes nothing more").isEqualTo(written);
                }
                default -> {
                    writer.close();
                    writer.close();
                    assertThat(writer.rows()).isEqualTo(2000);
                }
            }
        }

        assertThat(ZstdContexts.created() - before).as("contexts are borrowed per page, not owned per part").isLessThanOrEqualTo(1);
    }

    /** An output file in memory. */
    private static final class MemoryOutput implements OutputFile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
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
