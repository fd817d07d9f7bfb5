package io.extractor.worker;

import io.extractor.queue.Lease;
import io.extractor.queue.RedisSettings;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.Sink;
import io.extractor.source.SourceSettings;
import io.extractor.worker.task.Heartbeats;
import io.extractor.worker.task.RedisContact;
import io.extractor.worker.task.TaskRunner;
import io.extractor.worker.task.WorkerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * The worker process: {@code slots} threads that each claim a task, run it and claim the next, plus a heartbeat.
 * On SIGTERM it stops claiming, lets running tasks finish within the grace period and hands the rest back. What
 * it uses is built by {@link WorkerBeans}.
 */
@Singleton
public class WorkerService {
    private static final Logger LOG = Logger.getLogger(WorkerService.class);

    private final WorkerConfig config;
    private final RedisSettings redis;
    private final WorkerSettings settings;
    private final TaskQueue queue;
    private final Map<String, SourceSettings> sources;
    private final Map<String, Sink> sinks;
    private final RedisContact contact;
    private final boolean training;
    private final List<Thread> slots = new ArrayList<>();
    private volatile boolean stopping;
    private TaskRunner runner;
    private ExecutorService pipeline;
    private ScheduledExecutorService heartbeat;

    public WorkerService(WorkerConfig config, RedisSettings redis, WorkerSettings settings, TaskQueue queue,
                         Map<String, SourceSettings> sources, Map<String, Sink> sinks, RedisContact contact,
                         @CommandLineArguments String[] args) {
        this.config = config;
        this.redis = redis;
        this.settings = settings;
        this.queue = queue;
        this.sources = sources;
        this.sinks = sinks;
        this.contact = contact;
        this.training = WorkerMain.isTraining(args);
    }

    void start(@Observes StartupEvent event) {
        if (training) {
            LOG.infof("AOT training run: no slot claims tasks (Redis %s is not used)", redis.shown());
            return;
        }
        pipeline = Executors.newCachedThreadPool(named("pipeline"));
        runner = new TaskRunner(queue, sources, sinks, settings, pipeline);
        heartbeat = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
        heartbeat.scheduleWithFixedDelay(new Heartbeats(queue, runner, settings.lease(), settings.taskTimeout(), settings.heartbeat(), contact),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < settings.slots(); i++) {
            Thread slot = new Thread(() -> claimLoop(queue), "slot-" + i);
            slots.add(slot);
            slot.start();
        }
        LOG.infof("worker %s: %d slots on queue %s (prefix %s); sources %s; sinks %s; parquet %s",
                settings.workerId(), settings.slots(), redis.shown(), config.redis().prefix(),
                sources.keySet(), sinks.keySet(), settings.parquet());
    }

    private void claimLoop(TaskQueue queue) {
        long pause = settings.idlePoll().toMillis();
        while (!stopping) {
            Optional<Lease> lease;
            try {
                lease = queue.claim(settings.workerId(), settings.lease());
                contact.succeeded();
                pause = settings.idlePoll().toMillis();
            } catch (RuntimeException e) {
                contact.failed();
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
        if (runner == null) {
            return; // never started: a training run
        }
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
        // the Redis pool and the sinks are closed after this, by WorkerBeans
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
