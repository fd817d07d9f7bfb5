package io.extractor.sink.s3;

import static java.util.Objects.requireNonNull;

import io.extractor.sink.PartUpload;
import io.extractor.sink.SinkRetry;
import io.extractor.sink.UploadSettings;
import io.extractor.sink.UploadedPart;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A part as an S3 multipart upload: every {@code pieceBytes} written are sent as one piece while writing goes on,
 * so encoding and uploading overlap. At most {@code buffers} pieces exist in memory; when they are all queued,
 * writing waits for an upload to finish. The upload is never completed here: closing leaves it open for the
 * task's fenced commit to publish or discard.
 */
final class S3PartUpload extends PartUpload {
    /** Smallest piece S3 accepts, except for the last one. */
    static final int MIN_PIECE_BYTES = 5 * 1024 * 1024;

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

    S3PartUpload(S3Client s3, String bucket, String key, UploadSettings settings, ExecutorService uploads, Consumer<String> onUploadStarted) {
        if (settings.pieceBytes() < MIN_PIECE_BYTES) {
            throw new IllegalArgumentException("upload piece size must be at least 5 MiB (an S3 limit), got " + settings.pieceBytes());
        }
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.key = requireNonNull(key, "key");
        this.pieceBytes = settings.pieceBytes();
        this.maxBuffers = settings.buffers();
        this.uploads = requireNonNull(uploads, "uploads");
        this.onUploadStarted = requireNonNull(onUploadStarted, "onUploadStarted");
        this.patience = settings.patience();
        this.free = new ArrayBlockingQueue<>(maxBuffers);
    }

    @Override
    public long position() {
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

    @Override
    public UploadedPart result() {
        if (!closed) {
            throw new IllegalStateException("close the stream first");
        }
        List<String> etags = new ArrayList<>(pieces.size());
        for (CompletableFuture<String> piece : pieces) {
            etags.add(piece.join());
        }
        return new UploadedPart(key, uploadId, etags, position);
    }

    @Override
    public String uploadId() {
        return uploadId;
    }

    @Override
    public void abort() {
        closed = true;
        for (CompletableFuture<String> piece : pieces) {
            piece.cancel(true);
        }
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // the coordinator aborts, when the job finishes, every upload no committed task owns
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
            uploadId = SinkRetry.call("start upload of " + key, patience, () -> S3Errors.call("start upload of s3://" + bucket + "/" + key,
                    () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/vnd.apache.parquet")).uploadId()));
            onUploadStarted.accept(uploadId);
        }
        byte[] buffer = current;
        int length = fill;
        int number = pieces.size() + 1;
        current = null;
        fill = 0;
        pieces.add(CompletableFuture.supplyAsync(() -> {
            try {
                return SinkRetry.call("upload piece " + number + " of " + key, patience, () -> S3Errors.call(
                        "upload piece " + number + " of s3://" + bucket + "/" + key, () -> s3.uploadPart(
                                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
                                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"))
                                .eTag()));
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
