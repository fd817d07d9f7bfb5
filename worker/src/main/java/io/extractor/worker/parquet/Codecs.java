package io.extractor.worker.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop: parquet-hadoop's own codec factory goes through Hadoop's codec classes and
 * Configuration, which would pull Hadoop into the worker (and its native image). One instance per writer; the
 * output buffer is reused page after page, as Parquet's own compressors do, because a compressed page is copied
 * out before the next one is compressed. A compressor holds only heap: dropping it unreleased leaks nothing.
 */
final class Codecs implements CompressionCodecFactory {
    private final int zstdLevel;

    Codecs(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Compressor(codec) {
                @Override
                public BytesInput compress(BytesInput bytes) {
                    return bytes;
                }
            };
            case ZSTD -> new Compressor(codec) {
                // no context of its own: one is borrowed per page (see ZstdContexts), so nothing native is left
                // behind by a part whose task fails before its writer is closed
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] in = bytes.toByteArray();
                    byte[] out = buffer((int) Zstd.compressBound(in.length));
                    return BytesInput.from(out, 0, ZstdContexts.compress(zstdLevel, out, in, in.length));
                }
            };
            case SNAPPY -> new Compressor(codec) {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] in = bytes.toByteArray();
                    byte[] out = buffer(Snappy.maxCompressedLength(in.length));
                    int size = Snappy.compress(in, 0, in.length, out, 0);
                    return BytesInput.from(out, 0, size);
                }
            };
            default -> throw new IllegalArgumentException("compression " + codec + " is not supported; use zstd, snappy or none");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the worker only writes Parquet");
    }

    @Override
    public void release() {
    }

    private abstract static class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;
        private byte[] out = new byte[0];

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        byte[] buffer(int size) {
            if (out.length < size) {
                out = new byte[size];
            }
            return out;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            out = new byte[0];
        }
    }
}
