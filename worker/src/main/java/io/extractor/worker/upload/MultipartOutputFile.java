package io.extractor.worker.upload;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Hands Parquet's writer a {@link MultipartUploadStream} instead of a file: no local disk is used. */
public final class MultipartOutputFile implements OutputFile {
    private final Supplier<MultipartUploadStream> streams;
    private MultipartUploadStream stream;

    public MultipartOutputFile(Supplier<MultipartUploadStream> streams) {
        this.streams = requireNonNull(streams, "streams");
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        if (stream != null) {
            throw new IllegalStateException("a part is written once");
        }
        stream = streams.get();
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    /** The stream Parquet writes to, once it has been created. */
    public MultipartUploadStream stream() {
        return stream;
    }

    @Override
    public String getPath() {
        return stream == null ? "(not opened)" : "multipart upload " + stream.uploadId();
    }
}
