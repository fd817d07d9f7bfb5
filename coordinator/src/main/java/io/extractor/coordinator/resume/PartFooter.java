package io.extractor.coordinator.resume;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.Util;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a part's Parquet footer says about it, read with two ranged GETs (the 8-byte tail, then the footer):
 * its row count and the job, task and attempt the worker wrote into its key-value metadata.
 */
public record PartFooter(long rows, Map<String, String> metadata) {

    public static PartFooter read(S3Client s3, String bucket, String key, long size) {
        if (size < 12) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " is " + size + " bytes, too short to be Parquet");
        }
        byte[] tail = range(s3, bucket, key, size - 8, size - 1);
        if (!"PAR1".equals(new String(tail, 4, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " does not end in a Parquet footer");
        }
        int length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] footer = range(s3, bucket, key, size - 8 - length, size - 9);
        try {
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer));
            Map<String, String> metadata = new HashMap<>();
            if (meta.getKey_value_metadata() != null) {
                for (KeyValue kv : meta.getKey_value_metadata()) {
                    metadata.put(kv.getKey(), kv.getValue());
                }
            }
            return new PartFooter(meta.getNum_rows(), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of s3://" + bucket + "/" + key, e);
        }
    }

    private static byte[] range(S3Client s3, String bucket, String key, long first, long last) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + first + "-" + last)).asByteArray();
    }
}
