package io.extractor.worker.parquet;

import io.extractor.types.ColumnMapping;
import io.extractor.types.ColumnVector;
import io.extractor.worker.extract.RowBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one part: batches in, a Parquet file out through {@link OutputFile}, which the worker points at a
 * multipart upload. Columns go straight to Parquet's column writers, a batch column at a time (as Trino's and
 * DuckDB's writers do), skipping parquet-java's row-by-row record assembly. Holds at most one row group of
 * encoded data; when it reaches the target size it is flushed to the output, which uploads it.
 */
public final class PartWriter implements AutoCloseable {
    private final MessageType schema;
    private final List<ColumnDescriptor> descriptors;
    private final ParquetProperties properties;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final Map<String, String> metadata;
    private final Map<RowBatch, VectorWriter[]> vectorWriters = new IdentityHashMap<>();
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private ColumnWriter[] writers;
    private int rowGroupOrdinal;
    private long rowGroupRows;
    private long rows;
    private boolean closed;

    /**
     * @param sample the first batch of the part, used to decide per column whether dictionary encoding pays
     */
    public PartWriter(OutputFile out, String table, List<ColumnMapping> plan, String idColumn, ParquetSettings settings, Map<String, String> metadata,
                      RowBatch sample) throws IOException {
        this.schema = ParquetSchemas.of(table, plan);
        this.descriptors = schema.getColumns();
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0) // what every reader reads
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withAllocator(new HeapByteBufferAllocator());
        for (int c = 0; c < plan.size(); c++) {
            ColumnMapping column = plan.get(c);
            if (!dictionaryPays(column, idColumn) || (sample != null && !repeats(sample.vector(c), sample.size()))) {
                builder.withDictionaryEncoding(column.name(), false);
            }
        }
        this.properties = builder.build();
        this.compressor = new Codecs(settings.zstdLevel()).getCompressor(settings.codec());
        this.rowGroupBytes = settings.rowGroupBytes();
        this.metadata = new HashMap<>(metadata);
        this.metadata.put("writer.model.name", "extractor");
        this.file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0,
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                properties.getPageWriteChecksumEnabled());
        this.file.start();
        startRowGroup();
    }

    /**
     * Dictionary encoding pays for repeated values (statuses, codes, amounts) but costs a hash lookup per value
     * until it gives up; skip it where values are distinct by nature: the id, and what the mapping says
     * (timestamps, times).
     */
    static boolean dictionaryPays(ColumnMapping column, String idColumn) {
        return column.dictionary() && !column.name().equalsIgnoreCase(idColumn);
    }

    /**
     * Whether values repeat enough in a sample for a dictionary to pay: at least four uses per distinct value.
     * Otherwise every value costs a hash lookup until the dictionary outgrows its page and is thrown away, while
     * zstd still finds the repeats that there are. Statuses, codes and small JSON keep their dictionary; ids,
     * notes, hashes and amounts of money do not.
     */
    static boolean repeats(ColumnVector vector, int rows) {
        if (vector instanceof ColumnVector.Booleans) {
            return true;
        }
        Set<Object> distinct = new HashSet<>();
        int values = 0;
        for (int r = 0; r < rows; r++) {
            if (vector.isNull(r)) {
                continue;
            }
            values++;
            distinct.add(switch (vector) {
                case ColumnVector.Longs v -> v.values[r];
                case ColumnVector.Ints v -> v.values[r];
                case ColumnVector.Doubles v -> v.values[r];
                case ColumnVector.Floats v -> v.values[r];
                case ColumnVector.Bytes v -> ByteBuffer.wrap(v.values[r]);
                case ColumnVector.Booleans v -> v.values[r];
            });
        }
        return values == 0 || distinct.size() * 4 <= values;
    }

    public void write(RowBatch batch) throws IOException {
        int size = batch.size();
        if (size == 0) {
            return;
        }
        VectorWriter[] vectors = vectorWriters.computeIfAbsent(batch, PartWriter::vectorWriters);
        for (int c = 0; c < vectors.length; c++) {
            vectors[c].write(writers[c], size);
        }
        for (int r = 0; r < size; r++) {
            columns.endRecord();
        }
        rowGroupRows += size;
        rows += size;
        if (columns.getBufferedSize() >= rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    public long rows() {
        return rows;
    }

    /**
     * Flushes the last row group and the footer; a part with no rows has no row group, only its schema. The
     * writer's buffers are released whether or not that succeeds; closing again does nothing.
     */
    @Override
    public void close() throws IOException {
        close(Map.of());
    }

    /** {@link #close()}, with footer metadata known only at the end added to (or replacing) what the part opened with. */
    public void close(Map<String, String> lastMetadata) throws IOException {
        metadata.putAll(lastMetadata);
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (rowGroupRows > 0) {
                flushRowGroup();
            } else {
                columns.close();
            }
            file.end(metadata);
        } finally {
            release();
        }
    }

    /**
     * Gives up the part: releases the writer's buffers without writing anything more to the output, which the
     * caller discards. For a task that fails or is stopped mid-part; a no-op after {@link #close()}.
     */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    private void release() {
        try {
            pages.close(); // hands back the page buffers; a no-op for a row group already flushed
        } finally {
            compressor.release();
        }
    }

    private static VectorWriter[] vectorWriters(RowBatch batch) {
        VectorWriter[] writers = new VectorWriter[batch.columns().size()];
        for (int c = 0; c < writers.length; c++) {
            writers[c] = VectorWriter.of(batch.vector(c));
        }
        return writers;
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(), properties.getColumnIndexTruncateLength(),
                properties.getPageWriteChecksumEnabled(), null, rowGroupOrdinal);
        columns = properties.newColumnWriteStore(schema, pages, pages);
        writers = new ColumnWriter[descriptors.size()];
        for (int c = 0; c < writers.length; c++) {
            writers[c] = columns.getColumnWriter(descriptors.get(c));
        }
        rowGroupRows = 0;
    }

    private void flushRowGroup() throws IOException {
        file.startBlock(rowGroupRows);
        columns.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        columns.close();
        pages.close();
        rowGroupOrdinal++;
    }
}
