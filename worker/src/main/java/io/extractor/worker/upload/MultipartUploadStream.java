package io.extractor.worker.upload;

import static java.util.Objects.requireNonNull;

import io.extractor.sink.SinkRetry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.parquet.io.PositionOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An output stream that is an S3 multipart upload: every {@code pieceBytes} written are sent as one piece while
 * writing goes on, so encoding and uploading overlap. At most {@code buffers} pieces exist in memory; when they
 * are all queued, writing waits for an upload to finish. The upload is never completed here: closing leaves it
 * open for the task's fenced commit to publish or discard.
 */
public final class MultipartUploadStream extends PositionOutputStream {
    /** Smallest piece S3 accepts, except for the last one. */
    public static final int MIN_PIECE_BYTES = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int pieceBytes;
    private final ExecutorService uploads;
    private final Consumer<String> onUploadStarted;
    private final Duration patience;
    private final BlockingQueue<byte[]> free;
    private final List<CompletableFuture<String>> pieces = new ArrayList<>();
    private int buffersCreated;
    private final int maxBuffers;
    private byte[] current;
    private int fill;
    private long position;
    private String uploadId;
    private boolean closed;

    /**
     * @param patience        how long a piece keeps being retried through a sink outage (it stays in memory meanwhile)
     * @param onUploadStarted told the upload id as soon as S3 assigns it, before any byte is sent, so an upload
     *                        can always be found and aborted even if this process dies
     */
    public MultipartUploadStream(S3Client s3, String bucket, String key, int pieceBytes, int buffers, ExecutorService uploads,
                                 Duration patience, Consumer<String> onUploadStarted) {
        if (pieceBytes < MIN_PIECE_BYTES) {
            throw new IllegalArgumentException("upload piece size must be at least 5 MiB (an S3 limit), got " + pieceBytes);
        }
        if (buffers < 2) {
            throw new IllegalArgumentException("need at least 2 upload buffers to overlap writing and uploading");
        }
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.key = requireNonNull(key, "key");
        this.pieceBytes = pieceBytes;
        this.maxBuffers = buffers;
        this.uploads = requireNonNull(uploads, "uploads");
        this.onUploadStarted = requireNonNull(onUploadStarted, "onUploadStarted");
        this.patience = requireNonNull(patience, "patience");
        this.free = new ArrayBlockingQueue<>(buffers);
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        ensureBuffer();
        current[fill++] = (byte) b;
        position++;
        if (fill == pieceBytes) {
            sendPiece();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            ensureBuffer();
            int n = Math.min(length, pieceBytes - fill);
            System.arraycopy(bytes, offset, current, fill, n);
            fill += n;
            offset += n;
            length -= n;
            position += n;
            if (fill == pieceBytes) {
                sendPiece();
            }
        }
    }

    /** Sends what is left and waits for every piece; the upload stays open (not completed). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (fill > 0 || pieces.isEmpty()) {
            ensureBuffer();
            sendPiece();
        }
        for (CompletableFuture<String> piece : pieces) {
            join(piece);
        }
    }

    /** The open upload, after {@link #close()}. */
    public UploadResult result() {
        if (!closed) {
            throw new IllegalStateException("close the stream first");
        }
        List<String> etags = new ArrayList<>(pieces.size());
        for (CompletableFuture<String> piece : pieces) {
            etags.add(piece.join());
        }
        return new UploadResult(key, uploadId, etags, position);
    }

    public String uploadId() {
        return uploadId;
    }

    /** Discards the upload and whatever pieces reached S3. */
    public void abort() {
        closed = true;
        for (CompletableFuture<String> piece : pieces) {
            piece.cancel(true);
        }
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // the coordinator aborts uploads its job registered but never committed
            }
        }
    }

    private void ensureBuffer() throws IOException {
        if (current != null) {
            return;
        }
        failFast();
        byte[] buffer = free.poll();
        if (buffer == null && buffersCreated < maxBuffers) {
            buffersCreated++;
            buffer = new byte[pieceBytes];
        }
        try {
            current = buffer != null ? buffer : free.take(); // all buffers in flight: wait for an upload
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an upload buffer");
        }
        fill = 0;
    }

    private void sendPiece() throws IOException {
        if (uploadId == null) {
            uploadId = SinkRetry.call("start upload of " + key, patience,
                    () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/vnd.apache.parquet")).uploadId());
            onUploadStarted.accept(uploadId);
        }
        byte[] buffer = current;
        int length = fill;
        int number = pieces.size() + 1;
        current = null;
        fill = 0;
        pieces.add(CompletableFuture.supplyAsync(() -> {
            try {
                return SinkRetry.call("upload piece " + number + " of " + key, patience, () -> s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"))
                        .eTag());
            } finally {
                free.offer(buffer);
            }
        }, uploads));
    }

    /** Surfaces a failed piece at the next write instead of after the whole file. */
    private void failFast() throws IOException {
        for (CompletableFuture<String> piece : pieces) {
            if (piece.isCompletedExceptionally()) {
                join(piece);
            }
        }
    }

    private static void join(CompletableFuture<String> piece) throws IOException {
        try {
            piece.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}
