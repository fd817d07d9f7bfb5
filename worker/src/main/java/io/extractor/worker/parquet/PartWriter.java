package io.extractor.worker.parquet;

import io.extractor.plan.ColumnPlan;
import io.extractor.worker.extract.RowBatch;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one part: batches in, a Parquet file out through {@link OutputFile}, which the worker points at a
 * multipart upload. Holds at most a row group of encoded data.
 */
public final class PartWriter implements AutoCloseable {
    private final ParquetWriter<BatchWriteSupport.Row> writer;
    private final BatchWriteSupport.Row cursor = new BatchWriteSupport.Row();
    private final Map<RowBatch, ColumnWriter[]> writers = new IdentityHashMap<>();
    private long rows;

    public PartWriter(OutputFile out, String table, List<ColumnPlan> columns, ParquetSettings settings, Map<String, String> metadata)
            throws IOException {
        BatchWriteSupport support = new BatchWriteSupport(ParquetSchemas.of(table, columns), metadata);
        this.writer = new Builder(out, support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new Codecs(settings.zstdLevel()))
                .withCompressionCodec(settings.codec())
                .withRowGroupSize(settings.rowGroupBytes())
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0) // what every reader reads
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withValidation(false)
                .build();
    }

    public void write(RowBatch batch) throws IOException {
        cursor.batch = batch;
        cursor.writers = writers.computeIfAbsent(batch, BatchWriteSupport::writers);
        int size = batch.size();
        for (int row = 0; row < size; row++) {
            cursor.index = row;
            writer.write(cursor);
        }
        rows += size;
    }

    public long rows() {
        return rows;
    }

    /** Flushes the last row group and the footer. */
    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<BatchWriteSupport.Row, Builder> {
        private final WriteSupport<BatchWriteSupport.Row> support;

        Builder(OutputFile file, WriteSupport<BatchWriteSupport.Row> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<BatchWriteSupport.Row> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<BatchWriteSupport.Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }
    }
}
