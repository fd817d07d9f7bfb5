package io.extractor.worker;

import io.extractor.config.RedisConfig;
import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a worker reads from application.properties or the environment (EXTRACTOR_WORKER_SLOTS, ...). A new
 * setting is a method here with its default and doc, plus its README row (checked by {@code ConfigurationTableTest});
 * the task runner reads it through {@link io.extractor.worker.task.WorkerSettings#worker()}.
 */
@ConfigMapping(prefix = "extractor")
public interface WorkerConfig {
    RedisConfig redis();

    /** Sources by name; every worker needs every source its jobs name. */
    Map<String, SourceConfig> sources();

    /** Sinks by name. */
    Map<String, SinkConfig> sinks();

    Worker worker();

    Parquet parquet();

    Health health();

    /** The readiness probe's check of Redis; see README "Health and metrics". */
    interface Health {
        /** Longest a probe waits for Redis's answer; a Redis that has not answered by then is reported down. */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Worker {
        /** Name in task records and logs; host name and process id when absent. */
        Optional<String> id();

        /** Tasks run at once. Each needs one source connection and about 40 MiB of heap with the defaults. */
        @WithDefault("1")
        int slots();

        /**
         * 0 (the default) streams rows as the server sends them; a positive number reads through a server-side
         * cursor, that many rows per round trip.
         */
        @WithDefault("0")
        int fetchSize();

        /** How long a claimed task stays with this worker without a heartbeat. */
        @WithDefault("30s")
        Duration lease();

        /** Heartbeat period (shorter than the lease): how often progress is reported and a split proposal can be heard. */
        @WithDefault("2s")
        Duration heartbeat();

        /** Pause between claims while the queue is empty. */
        @WithDefault("500ms")
        Duration idlePoll();

        /** Rows per batch between the reader and the Parquet writer. */
        @WithDefault("4096")
        int batchRows();

        /** A batch is full at this many bytes of strings and blobs, whatever its row count. */
        @WithDefault("8M")
        MemorySize batchBytes();

        /** Batches per task: one being read, one being written, one spare. */
        @WithDefault("3")
        int batches();

        /** Size of each multipart upload piece (S3 minimum 5 MiB). */
        @WithDefault("8M")
        MemorySize uploadPieceSize();

        /** Pieces a task holds at once: one filling, the rest uploading. */
        @WithDefault("2")
        int uploadBuffers();

        /** First retry delay of a failed task; doubles per attempt, with jitter. */
        @WithDefault("2s")
        Duration retryBackoff();

        @WithDefault("60s")
        Duration maxRetryBackoff();

        /** On SIGTERM: time to finish running tasks before handing them back to the queue. */
        @WithDefault("20s")
        Duration shutdownGrace();

        /** Rows per second each task may read at most, to spare a busy source database; 0 means no limit. */
        @WithDefault("0")
        long maxRowsPerSecond();

        /**
         * How long a task's reports (commit, failure, split) keep being retried through a Redis outage before the
         * attempt gives up; also how long the worker may go without reaching Redis before its liveness probe fails.
         */
        @WithDefault("2m")
        Duration redisPatience();

        /** How long S3 calls keep being retried through a sink outage before the attempt fails (and is retried). */
        @WithDefault("2m")
        Duration sinkPatience();

        /**
         * Longest the source may stay silent while a task reads (no row, no answer) before the attempt fails and is
         * retried: a hung server or a lost network path costs this, not the task forever.
         */
        @WithDefault("10m")
        Duration readTimeout();

        /** Longest one attempt may run before it is stopped and retried; 0 for no limit. */
        @WithDefault("0s")
        Duration taskTimeout();

        /**
         * Largest row the worker accepts from the source (the server sends a row as one packet); a larger one fails
         * its task at once, with what to do, instead of filling the heap. Default: an eighth of the heap per slot,
         * at most 16 MiB - 1 (the largest packet the driver can check).
         */
        Optional<MemorySize> maxRowBytes();
    }

    interface Parquet {
        /** zstd, snappy or none. */
        @WithDefault("zstd")
        String compression();

        @WithDefault("1")
        int zstdLevel();

        /** Row group size (compressed); the writer buffers about this much per task. */
        @WithDefault("16M")
        MemorySize rowGroupSize();

        @WithDefault("1M")
        MemorySize pageSize();

        @WithDefault("1M")
        MemorySize dictionaryPageSize();
    }
}
