package io.extractor.worker.task;

import static java.util.Objects.requireNonNull;

import io.extractor.config.Configs;
import io.extractor.worker.WorkerConfig;
import io.extractor.worker.parquet.ParquetSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * How a worker runs its tasks, as read from {@link WorkerConfig} by {@link #from}, the one place that fills it; see
 * the README's configuration reference for each knob and how to size it. Tests and tools build it with
 * {@link #of}, from the same property names an operator sets.
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
 * @param readTimeout   longest the source may be silent during a read before the attempt fails
 * @param taskTimeout   longest one attempt may run before it is stopped and retried; zero for no limit
 * @param maxRowBytes   largest row accepted from the source; a larger one fails its task, not the worker
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
        Duration readTimeout,
        Duration taskTimeout,
        long maxRowBytes,
        ParquetSettings parquet) {
    /** The largest packet Connector/J can refuse before reading it: a longer row arrives as several packets of this size. */
    public static final long MAX_CHECKABLE_ROW = 16L * 1024 * 1024 - 1;

    /** An eighth of the heap per slot, within the range Connector/J can check. */
    public static long defaultMaxRowBytes(long maxHeapBytes, int slots) {
        return Math.clamp(maxHeapBytes / 8 / Math.max(1, slots), 1024L, MAX_CHECKABLE_ROW);
    }

    /** The worker's settings from its configuration: absent values computed (id, row limit), sizes in bytes. */
    public static WorkerSettings from(WorkerConfig config) {
        WorkerConfig.Worker w = config.worker();
        WorkerConfig.Parquet p = config.parquet();
        return new WorkerSettings(
                w.id().orElseGet(WorkerSettings::hostAndPid),
                w.slots(),
                w.fetchSize(),
                w.lease(),
                w.heartbeat(),
                w.idlePoll(),
                w.batchRows(),
                w.batchBytes().asLongValue(),
                w.batches(),
                (int) w.uploadPieceSize().asLongValue(),
                w.uploadBuffers(),
                w.retryBackoff(),
                w.maxRetryBackoff(),
                w.shutdownGrace(),
                w.maxRowsPerSecond(),
                w.sinkPatience(),
                w.readTimeout(),
                w.taskTimeout(),
                w.maxRowBytes().map(MemorySize::asLongValue)
                        .orElseGet(() -> defaultMaxRowBytes(Runtime.getRuntime().maxMemory(), w.slots())),
                new ParquetSettings(ParquetSettings.codec(p.compression()), p.zstdLevel(), p.rowGroupSize().asLongValue(),
                        (int) p.pageSize().asLongValue(), (int) p.dictionaryPageSize().asLongValue()));
    }

    /**
     * The defaults of {@link WorkerConfig} with {@code properties} set over them, by their full names
     * ({@code extractor.worker.lease}, {@code extractor.parquet.page-size}), read as the worker reads them.
     */
    public static WorkerSettings of(Map<String, String> properties) {
        WorkerConfig config = Configs.builder(properties)
                .withConverter(Duration.class, 300, DurationConverter::parseDuration)
                .withConverter(MemorySize.class, 300, new MemorySizeConverter())
                .withMapping(WorkerConfig.class, "extractor")
                .build()
                .getConfigMapping(WorkerConfig.class, "extractor");
        return from(config);
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

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
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("extractor.worker.read-timeout must be positive, got " + readTimeout);
        }
        if (taskTimeout.isNegative()) {
            throw new IllegalArgumentException("extractor.worker.task-timeout must be 0 (no limit) or positive, got " + taskTimeout);
        }
        if (maxRowBytes < 1024 || maxRowBytes > MAX_CHECKABLE_ROW) {
            throw new IllegalArgumentException("extractor.worker.max-row-bytes must be between 1K and " + MAX_CHECKABLE_ROW + " bytes, got " + maxRowBytes);
        }
        requireNonNull(parquet, "parquet");
    }

    public WorkerSettings withFetchSize(int rows) {
        return new WorkerSettings(workerId, slots, rows, lease, heartbeat, idlePoll, batchRows, batchBytes, batches, pieceBytes, uploadBuffers,
                retryBackoff, maxRetryBackoff, shutdownGrace, maxRowsPerSecond, sinkPatience, readTimeout, taskTimeout, maxRowBytes, parquet);
    }

    public WorkerSettings withMaxRowsPerSecond(long rowsPerSecond) {
        return new WorkerSettings(workerId, slots, fetchSize, lease, heartbeat, idlePoll, batchRows, batchBytes, batches, pieceBytes, uploadBuffers,
                retryBackoff, maxRetryBackoff, shutdownGrace, rowsPerSecond, sinkPatience, readTimeout, taskTimeout, maxRowBytes, parquet);
    }

    public WorkerSettings withLimits(Duration taskTimeout, long maxRowBytes) {
        return new WorkerSettings(workerId, slots, fetchSize, lease, heartbeat, idlePoll, batchRows, batchBytes, batches, pieceBytes, uploadBuffers,
                retryBackoff, maxRetryBackoff, shutdownGrace, maxRowsPerSecond, sinkPatience, readTimeout, taskTimeout, maxRowBytes, parquet);
    }
}
