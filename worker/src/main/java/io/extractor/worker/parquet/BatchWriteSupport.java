package io.extractor.worker.parquet;

import io.extractor.worker.extract.RowBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Feeds rows of {@link RowBatch}es to Parquet's record writer, one column writer per field. */
final class BatchWriteSupport extends WriteSupport<BatchWriteSupport.Row> {
    /** The row of a batch being written; one mutable instance per task, so writing allocates nothing per row. */
    static final class Row {
        RowBatch batch;
        int index;
        ColumnWriter[] writers;
    }

    private final MessageType schema;
    private final Map<String, String> metadata;
    private RecordConsumer out;

    BatchWriteSupport(MessageType schema, Map<String, String> metadata) {
        this.schema = schema;
        this.metadata = Map.copyOf(metadata);
    }

    static ColumnWriter[] writers(RowBatch batch) {
        List<io.extractor.plan.ColumnPlan> columns = batch.columns();
        ColumnWriter[] writers = new ColumnWriter[columns.size()];
        for (int c = 0; c < writers.length; c++) {
            writers[c] = ColumnWriter.of(columns.get(c).name(), c, batch.vector(c));
        }
        return writers;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, new HashMap<>(metadata));
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, new HashMap<>(metadata));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
        out.startMessage();
        int index = row.index;
        for (ColumnWriter writer : row.writers) {
            writer.write(out, index);
        }
        out.endMessage();
    }

    @Override
    public String getName() {
        return "extractor";
    }
}
