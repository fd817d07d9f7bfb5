package io.extractor.worker.parquet;

import static java.util.Objects.requireNonNull;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How parts are encoded.
 *
 * @param codec          page compression
 * @param zstdLevel      zstd level when {@code codec} is ZSTD (1 is fast and already beats snappy on size)
 * @param rowGroupBytes  target row group size; a writer buffers about this much before it flushes
 * @param pageBytes      target page size
 * @param dictionaryPageBytes largest dictionary per column chunk before falling back to plain encoding
 */
public record ParquetSettings(CompressionCodecName codec, int zstdLevel, long rowGroupBytes, int pageBytes, int dictionaryPageBytes) {
    public ParquetSettings {
        requireNonNull(codec, "codec");
        if (rowGroupBytes < 1024 * 1024 || pageBytes < 1024 || dictionaryPageBytes < 1024) {
            throw new IllegalArgumentException("row group must be at least 1 MiB and pages at least 1 KiB");
        }
    }

    public static CompressionCodecName codec(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new IllegalArgumentException("extractor.parquet.compression must be zstd, snappy or none, not " + name);
        };
    }
}
