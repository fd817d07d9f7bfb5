package io.extractor.worker;

import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.Sink;
import io.extractor.source.SourceSettings;
import io.extractor.worker.task.WorkerSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * The worker's wiring: its settings, the Redis pool and queue, the configured sources and sinks, built once
 * from {@link WorkerConfig} and closed at shutdown, after {@link WorkerService} has handed back its tasks.
 */
@Singleton
public class WorkerBeans {

    @Produces
    @Singleton
    WorkerSettings settings(WorkerConfig config) {
        return WorkerSettings.from(config);
    }

    /** Two connections per slot (its claim and reports, and its heartbeat's share) and a few spare. */
    @Produces
    @Singleton
    RedisClient redis(WorkerConfig config, WorkerSettings settings) {
        return RedisClients.create(config.redis().url(), settings.slots() * 2 + 4, "extractor-worker-" + settings.workerId());
    }

    void closeRedis(@Disposes RedisClient redis) {
        redis.close();
    }

    @Produces
    @Singleton
    TaskQueue queue(RedisClient redis, WorkerConfig config) {
        return new TaskQueue(redis, new RedisKeys(config.redis().prefix()));
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
