package io.extractor.worker;

import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.queue.Lease;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.Sink;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import io.extractor.worker.parquet.ParquetSettings;
import io.extractor.worker.task.Heartbeats;
import io.extractor.worker.task.TaskRunner;
import io.extractor.worker.task.WorkerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import redis.clients.jedis.RedisClient;

/**
 * The worker process: {@code slots} threads that each claim a task, run it and claim the next, plus a heartbeat.
 * On SIGTERM it stops claiming, lets running tasks finish within the grace period and hands the rest back.
 */
@Singleton
public class WorkerService {
    private static final Logger LOG = Logger.getLogger(WorkerService.class);

    private final WorkerConfig config;
    private final List<Thread> slots = new ArrayList<>();
    private volatile boolean stopping;
    private RedisClient redis;
    private TaskRunner runner;
    private ExecutorService pipeline;
    private ScheduledExecutorService heartbeat;
    private Map<String, Sink> sinks;
    private WorkerSettings settings;

    public WorkerService(WorkerConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        settings = settings(config);
        redis = RedisClients.create(config.redis().url(), settings.slots() * 2 + 4, "extractor-worker-" + settings.workerId());
        TaskQueue queue = new TaskQueue(redis, new RedisKeys(config.redis().prefix()));
        Map<String, SourceSettings> sources = new HashMap<>();
        for (Map.Entry<String, SourceConfig> source : config.sources().entrySet()) {
            sources.put(source.getKey(), source.getValue().settings(source.getKey()));
        }
        sinks = new HashMap<>();
        for (Map.Entry<String, SinkConfig> sink : config.sinks().entrySet()) {
            sinks.put(sink.getKey(), Sink.open(sink.getValue().settings(sink.getKey())));
        }
        pipeline = Executors.newCachedThreadPool(named("pipeline"));
        runner = new TaskRunner(queue, sources, sinks, settings, pipeline);
        heartbeat = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
        heartbeat.scheduleWithFixedDelay(new Heartbeats(queue, runner, settings.lease(), settings.taskTimeout()),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < settings.slots(); i++) {
            Thread slot = new Thread(() -> claimLoop(queue), "slot-" + i);
            slots.add(slot);
            slot.start();
        }
        LOG.infof("worker %s: %d slots on queue %s (prefix %s); sources %s; sinks %s; parquet %s",
                settings.workerId(), settings.slots(), Redaction.url(config.redis().url()), config.redis().prefix(),
                sources.keySet(), sinks.keySet(), settings.parquet());
    }

    private void claimLoop(TaskQueue queue) {
        long pause = settings.idlePoll().toMillis();
        while (!stopping) {
            Optional<Lease> lease;
            try {
                lease = queue.claim(settings.workerId(), settings.lease());
                pause = settings.idlePoll().toMillis();
            } catch (RuntimeException e) {
                LOG.warnf("cannot claim from Redis (%s); retrying in %d ms", e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, 10_000);
                continue;
            }
            if (lease.isPresent()) {
                runner.run(lease.get());
            } else {
                sleep(settings.idlePoll().toMillis());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        int running = runner.runningCount();
        if (running > 0) {
            LOG.infof("shutting down: %d running task(s) get %s to finish, then go back to the queue", running, settings.shutdownGrace());
        }
        join(deadline);
        if (runner.runningCount() > 0) {
            runner.handBackAll();
            join(System.nanoTime() + Duration.ofSeconds(15).toNanos());
        }
        heartbeat.shutdownNow();
        pipeline.shutdownNow();
        runner.close();
        sinks.values().forEach(Sink::close);
        redis.close();
        LOG.infof("worker %s stopped", settings.workerId());
    }

    private void join(long deadlineNanos) {
        for (Thread slot : slots) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                try {
                    slot.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static WorkerSettings settings(WorkerConfig config) {
        WorkerConfig.Worker w = config.worker();
        WorkerConfig.Parquet p = config.parquet();
        return new WorkerSettings(
                w.id().orElseGet(WorkerService::defaultId),
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
                        .orElseGet(() -> WorkerSettings.defaultMaxRowBytes(Runtime.getRuntime().maxMemory(), w.slots())),
                new ParquetSettings(ParquetSettings.codec(p.compression()), p.zstdLevel(), p.rowGroupSize().asLongValue(),
                        (int) p.pageSize().asLongValue(), (int) p.dictionaryPageSize().asLongValue()));
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
