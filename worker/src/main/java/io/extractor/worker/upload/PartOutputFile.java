package io.extractor.worker.upload;

import static java.util.Objects.requireNonNull;

import io.extractor.sink.PartUpload;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Hands Parquet's writer a {@link PartUpload} instead of a file: no local disk is used. */
public final class PartOutputFile implements OutputFile {
    private final Supplier<PartUpload> uploads;
    private PartUpload upload;

    public PartOutputFile(Supplier<PartUpload> uploads) {
        this.uploads = requireNonNull(uploads, "uploads");
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        if (upload != null) {
            throw new IllegalStateException("a part is written once");
        }
        upload = uploads.get();
        return new Stream(upload);
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

    /** The upload Parquet writes to, once it has been created. */
    public PartUpload upload() {
        return upload;
    }

    @Override
    public String getPath() {
        return upload == null ? "(not opened)" : "upload " + upload.uploadId();
    }

    /** Parquet wants its own stream type; this one only forwards. */
    private static final class Stream extends PositionOutputStream {
        private final PartUpload upload;

        Stream(PartUpload upload) {
            this.upload = upload;
        }

        @Override
        public long getPos() {
            return upload.position();
        }

        @Override
        public void write(int b) throws IOException {
            upload.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            upload.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            upload.flush();
        }

        @Override
        public void close() throws IOException {
            upload.close();
        }
    }
}
