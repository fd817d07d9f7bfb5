package io.extractor.worker.task;

import static java.util.Objects.requireNonNull;

import io.extractor.worker.parquet.ParquetSettings;
import java.time.Duration;

/**
 * How a worker runs its tasks; see the README's configuration reference for each knob and how to size it.
 *
 * @param slots         tasks run at once by this worker
 * @param fetchSize     0 to stream rows; a positive number to read through a server-side cursor that many at a time
 * @param batchRows     rows per batch handed from the reader to the Parquet writer
 * @param batchBytes    bytes of variable-length values after which a batch is full, whatever its row count
 * @param batches       batches per task (at least 2, so reading and encoding overlap)
 * @param pieceBytes    size of each multipart upload piece (at least 5 MiB)
 * @param uploadBuffers pieces a task may hold in memory at once (filling plus uploading)
 * @param maxRowsPerSecond read rate limit per task, to spare a busy source; 0 for none
 * @param sinkPatience  how long S3 calls are retried through an outage before the attempt fails
 */
public record WorkerSettings(
        String workerId,
        int slots,
        int fetchSize,
        Duration lease,
        Duration heartbeat,
        Duration idlePoll,
        int batchRows,
        long batchBytes,
        int batches,
        int pieceBytes,
        int uploadBuffers,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration shutdownGrace,
        long maxRowsPerSecond,
        Duration sinkPatience,
        ParquetSettings parquet) {

    public WorkerSettings {
        requireNonNull(workerId, "workerId");
        if (fetchSize < 0) {
            throw new IllegalArgumentException("extractor.worker.fetch-size must be 0 (stream) or positive, got " + fetchSize);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("extractor.worker.slots must be at least 1, got " + slots);
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("extractor.worker.heartbeat (" + heartbeat + ") must be shorter than the lease (" + lease + ")");
        }
        if (batches < 2) {
            throw new IllegalArgumentException("extractor.worker.batches must be at least 2, got " + batches);
        }
        requireNonNull(parquet, "parquet");
    }
}
