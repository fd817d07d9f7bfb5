package io.extractor.worker.parquet;

import io.extractor.types.ColumnMapping;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a part: one flat OPTIONAL field per column, in plan order, as each column's mapping
 * says. Every part of a table gets the same schema because every task of it maps the same planned columns.
 */
public final class ParquetSchemas {
    private ParquetSchemas() {
    }

    public static MessageType of(String table, List<ColumnMapping> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (ColumnMapping column : columns) {
            message.addField(column.parquetType());
        }
        return message.named(table);
    }
}
