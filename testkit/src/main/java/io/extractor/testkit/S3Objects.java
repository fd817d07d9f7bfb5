package io.extractor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Lists and fetches what a job left in a bucket. */
public final class S3Objects {
    private S3Objects() {
    }

    /** Keys under {@code prefix}, sorted. */
    public static List<String> keys(S3Client s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        keys.sort(null);
        return keys;
    }

    /** Downloads every {@code .parquet} object under {@code prefix} into {@code dir}; returns the local files. */
    public static List<Path> downloadParquet(S3Client s3, String bucket, String prefix, Path dir) {
        List<Path> files = new ArrayList<>();
        for (String key : keys(s3, bucket, prefix)) {
            if (!key.endsWith(".parquet")) {
                continue;
            }
            Path file = dir.resolve(key.replace('/', '_'));
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            s3.getObject(b -> b.bucket(bucket).key(key), file);
            files.add(file);
        }
        return files;
    }

    public static String text(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }
}
