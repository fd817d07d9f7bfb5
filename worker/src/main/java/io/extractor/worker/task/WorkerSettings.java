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
 * How a worker runs its tasks: {@code extractor.worker.*} as configured (see {@link WorkerConfig} and the README's
 * configuration reference for each knob and how to size it), plus what is computed when absent. The accessors
 * below give sizes in bytes; a setting without one is read from {@link #worker()}, so a new setting is one method
 * in {@link WorkerConfig}. Tests and tools build it with {@link #of}, from the property names an operator sets.
 *
 * @param workerId    {@code extractor.worker.id}, or host name and pid
 * @param maxRowBytes largest row accepted from the source; {@code extractor.worker.max-row-bytes}, or a share of the heap
 * @param parquet     {@code extractor.parquet.*}
 */
public record WorkerSettings(String workerId, WorkerConfig.Worker worker, long maxRowBytes, ParquetSettings parquet) {
    /** The largest packet Connector/J can refuse before reading it: a longer row arrives as several packets of this size. */
    public static final long MAX_CHECKABLE_ROW = 16L * 1024 * 1024 - 1;

    /** An eighth of the heap per slot, within the range Connector/J can check. */
    public static long defaultMaxRowBytes(long maxHeapBytes, int slots) {
        return Math.clamp(maxHeapBytes / 8 / Math.max(1, slots), 1024L, MAX_CHECKABLE_ROW);
    }

    /** The worker's settings from its configuration, with the id and the row limit computed when absent. */
    public static WorkerSettings from(WorkerConfig config) {
        WorkerConfig.Worker w = config.worker();
        WorkerConfig.Parquet p = config.parquet();
        return new WorkerSettings(
                w.id().orElseGet(WorkerSettings::hostAndPid),
                w,
                w.maxRowBytes().map(MemorySize::asLongValue).orElseGet(() -> defaultMaxRowBytes(Runtime.getRuntime().maxMemory(), w.slots())),
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

    public WorkerSettings {
        requireNonNull(workerId, "workerId");
        requireNonNull(worker, "worker");
        requireNonNull(parquet, "parquet");
        if (worker.fetchSize() < 0) {
            throw new IllegalArgumentException("extractor.worker.fetch-size must be 0 (stream) or positive, got " + worker.fetchSize());
        }
        if (worker.slots() < 1) {
            throw new IllegalArgumentException("extractor.worker.slots must be at least 1, got " + worker.slots());
        }
        if (worker.heartbeat().compareTo(worker.lease()) >= 0) {
            throw new IllegalArgumentException("extractor.worker.heartbeat (" + worker.heartbeat() + ") must be shorter than the lease ("
                    + worker.lease() + ")");
        }
        if (worker.batches() < 2) {
            throw new IllegalArgumentException("extractor.worker.batches must be at least 2, got " + worker.batches());
        }
        if (worker.readTimeout().isNegative() || worker.readTimeout().isZero()) {
            throw new IllegalArgumentException("extractor.worker.read-timeout must be positive, got " + worker.readTimeout());
        }
        if (worker.redisPatience().isNegative() || worker.redisPatience().isZero()) {
            throw new IllegalArgumentException("extractor.worker.redis-patience must be positive, got " + worker.redisPatience());
        }
        if (worker.taskTimeout().isNegative()) {
            throw new IllegalArgumentException("extractor.worker.task-timeout must be 0 (no limit) or positive, got " + worker.taskTimeout());
        }
        if (maxRowBytes < 1024 || maxRowBytes > MAX_CHECKABLE_ROW) {
            throw new IllegalArgumentException("extractor.worker.max-row-bytes must be between 1K and " + MAX_CHECKABLE_ROW + " bytes, got " + maxRowBytes);
        }
    }

    public int slots() {
        return worker.slots();
    }

    public int fetchSize() {
        return worker.fetchSize();
    }

    public Duration lease() {
        return worker.lease();
    }

    public Duration heartbeat() {
        return worker.heartbeat();
    }

    public Duration idlePoll() {
        return worker.idlePoll();
    }

    public int batchRows() {
        return worker.batchRows();
    }

    public long batchBytes() {
        return worker.batchBytes().asLongValue();
    }

    public int batches() {
        return worker.batches();
    }

    /** {@code upload-piece-size} in bytes. */
    public int pieceBytes() {
        return (int) worker.uploadPieceSize().asLongValue();
    }

    public int uploadBuffers() {
        return worker.uploadBuffers();
    }

    public Duration retryBackoff() {
        return worker.retryBackoff();
    }

    public Duration maxRetryBackoff() {
        return worker.maxRetryBackoff();
    }

    public Duration shutdownGrace() {
        return worker.shutdownGrace();
    }

    public long maxRowsPerSecond() {
        return worker.maxRowsPerSecond();
    }

    public Duration redisPatience() {
        return worker.redisPatience();
    }

    public Duration sinkPatience() {
        return worker.sinkPatience();
    }

    public Duration readTimeout() {
        return worker.readTimeout();
    }

    public Duration taskTimeout() {
        return worker.taskTimeout();
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
}
