package io.extractor.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/** The smallest byte sequence a Parquet footer reader accepts: magic, a footer with no row group, its length, magic. */
public final class ParquetBytes {
    private ParquetBytes() {
    }

    public static byte[] withFooter(long rows, Map<String, String> metadata) {
        FileMetaData meta = new FileMetaData(1, List.of(new SchemaElement("schema")), rows, List.of());
        metadata.forEach((key, value) -> meta.addToKey_value_metadata(new KeyValue(key).setValue(value)));
        try {
            ByteArrayOutputStream footer = new ByteArrayOutputStream();
            Util.writeFileMetaData(meta, footer);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
            file.writeBytes(footer.toByteArray());
            file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
            file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
