package io.extractor.worker;

import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.Sink;
import io.extractor.source.SourceSettings;
import io.extractor.worker.task.RedisContact;
import io.extractor.worker.task.WorkerSettings;
import io.extractor.queue.RedisSettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;
import redis.clients.jedis.RedisClient;

/**
 * The worker's wiring: its settings, the Redis pool and queue, the configured sources and sinks, built once
 * from {@link WorkerConfig} and closed at shutdown, after {@link WorkerService} has handed back its tasks.
 */
@Singleton
public class WorkerBeans {
    private static final Logger LOG = Logger.getLogger(WorkerBeans.class);

    @Produces
    @Singleton
    WorkerSettings settings(WorkerConfig config) {
        return WorkerSettings.from(config);
    }

    /** {@code extractor.redis.*} checked once; a URL or TLS setting that cannot work stops the worker here. */
    @Produces
    @Singleton
    RedisSettings redisSettings(WorkerConfig config) {
        return config.redis().settings();
    }

    /** Two connections per slot (its claim and reports, and its heartbeat's share) and a few spare. */
    @Produces
    @Singleton
    RedisClient redis(RedisSettings redisSettings, WorkerSettings settings) {
        return RedisClients.create(redisSettings, settings.slots() * 2 + 4, "extractor-worker-" + settings.workerId());
    }

    /**
     * Before any slot claims: a Redis that refuses the credentials, the ACL or the certificate stops the worker
     * with the reason (waiting would not fix it); one that is merely down does not, the slots wait for it. A
     * training run (see {@link WorkerMain}) leaves Redis alone: it runs where there is none, in an image build.
     */
    void checkRedis(@Observes @Priority(1) StartupEvent event, RedisClient redis, RedisSettings redisSettings, TaskQueue queue,
                    @CommandLineArguments String[] args) {
        if (WorkerMain.isTraining(args)) {
            return;
        }
        RedisClients.check(redis, redisSettings, queue.keys().pending())
                .ifPresent(problem -> LOG.warnf("%s; starting anyway, claims retry until it answers", problem));
    }

    void closeRedis(@Disposes RedisClient redis) {
        redis.close();
    }

    @Produces
    @Singleton
    TaskQueue queue(RedisClient redis, WorkerConfig config) {
        return new TaskQueue(redis, new RedisKeys(config.redis().prefix()));
    }

    /** Whether the worker's claims and heartbeats reach Redis, for its liveness probe. */
    @Produces
    @Singleton
    RedisContact contact() {
        return new RedisContact();
    }

    @Produces
    @Singleton
    Map<String, SourceSettings> sources(WorkerConfig config) {
        return SourceConfig.settingsByName(config.sources());
    }

    @Produces
    @Singleton
    Map<String, Sink> sinks(WorkerConfig config) {
        return SinkConfig.openAll(config.sinks());
    }

    void closeSinks(@Disposes Map<String, Sink> sinks) {
        sinks.values().forEach(Sink::close);
    }
}
