package io.extractor.sink;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a part is written into: bytes go to the store while writing goes on. Closing sends the rest and
 * waits for it, but does not publish: the upload stays open for the task's fenced commit to complete or discard.
 */
public abstract class PartUpload extends OutputStream {
    /** Bytes written so far. */
    public abstract long position();

    /** The upload's id once the store assigned it (at the first piece), else null. */
    public abstract String uploadId();

    /** Sends what is left and waits for every piece; the upload stays open. */
    @Override
    public abstract void close() throws IOException;

    /** The open upload, after {@link #close()}: what a commit records and {@link PartStore#complete} publishes. */
    public abstract UploadedPart result();

    /** Discards the upload and whatever reached the store; never throws, the coordinator sweeps what this misses. */
    public abstract void abort();
}
