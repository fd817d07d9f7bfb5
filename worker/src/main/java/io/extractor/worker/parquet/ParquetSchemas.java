package io.extractor.worker.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

import io.extractor.plan.ColumnPlan;
import io.extractor.worker.extract.DecimalText;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a table's parts, derived from its planned columns. Every field is OPTIONAL: MySQL can
 * hand back NULL even for a NOT NULL column (zero dates), and Spark writes nullable fields the same way.
 */
public final class ParquetSchemas {
    private ParquetSchemas() {
    }

    public static MessageType of(String table, List<ColumnPlan> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (ColumnPlan column : columns) {
            message.addField(field(column));
        }
        return message.named(table);
    }

    static Type field(ColumnPlan column) {
        String name = column.name();
        return switch (column.kind()) {
            case BOOLEAN, BOOLEAN_TINYINT -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case INT8 -> int32(name, LogicalTypeAnnotation.intType(8, true));
            case UINT8 -> int32(name, LogicalTypeAnnotation.intType(8, false));
            case INT16 -> int32(name, LogicalTypeAnnotation.intType(16, true));
            case UINT16 -> int32(name, LogicalTypeAnnotation.intType(16, false));
            case INT32 -> int32(name, LogicalTypeAnnotation.intType(32, true));
            case UINT32 -> int32(name, LogicalTypeAnnotation.intType(32, false));
            case INT64, BITS -> int64(name, LogicalTypeAnnotation.intType(64, true));
            case UINT64, BITS_UNSIGNED -> int64(name, LogicalTypeAnnotation.intType(64, false));
            case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case DECIMAL -> decimal(column);
            case DECIMAL_TEXT, STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case JSON -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType()).named(name);
            case BINARY -> Types.optional(PrimitiveTypeName.BINARY).named(name);
            case DATE -> int32(name, LogicalTypeAnnotation.dateType());
            case DATETIME -> int64(name, LogicalTypeAnnotation.timestampType(false, MICROS));
            case TIMESTAMP -> int64(name, LogicalTypeAnnotation.timestampType(true, MICROS));
            case TIME -> int64(name, LogicalTypeAnnotation.timeType(false, MICROS));
        };
    }

    private static Type decimal(ColumnPlan column) {
        LogicalTypeAnnotation decimal = LogicalTypeAnnotation.decimalType(column.scale(), column.precision());
        if (column.precision() <= 9) {
            return int32(column.name(), decimal);
        }
        if (column.precision() <= 18) {
            return int64(column.name(), decimal);
        }
        return Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                .length(DecimalText.bytesFor(column.precision()))
                .as(decimal)
                .named(column.name());
    }

    private static Type int32(String name, LogicalTypeAnnotation annotation) {
        return Types.optional(PrimitiveTypeName.INT32).as(annotation).named(name);
    }

    private static Type int64(String name, LogicalTypeAnnotation annotation) {
        return Types.optional(PrimitiveTypeName.INT64).as(annotation).named(name);
    }
}
