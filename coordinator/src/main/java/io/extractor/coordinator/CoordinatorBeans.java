package io.extractor.coordinator;

import io.extractor.config.Redactor;
import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.plan.JobPlanner;
import io.extractor.plan.PlannerSettings;
import io.extractor.queue.JobMaintenance;
import io.extractor.queue.JobRetention;
import io.extractor.queue.JobStore;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.RedisSettings;
import io.extractor.sink.Sink;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;
import redis.clients.jedis.RedisClient;

/**
 * The coordinator's wiring: what its services share (the Redis pool and the stores on it, the configured sources
 * and sinks, the planner, the redactor) is built here from {@link CoordinatorConfig}, once, and closed here at
 * shutdown. Everything else takes what it uses by constructor injection. Singletons without client proxies:
 * each of these is built once and lives as long as the process.
 */
@Singleton
public class CoordinatorBeans {
    private static final Logger LOG = Logger.getLogger(CoordinatorBeans.class);
    /** Connections to Redis: the API's requests and the scheduled passes share them. */
    private static final int REDIS_CONNECTIONS = 16;

    @Produces
    @Singleton
    Replica replica(CoordinatorConfig config) {
        return Replica.of(config.coordinator());
    }

    /** {@code extractor.redis.*} checked once; a URL or TLS setting that cannot work stops the coordinator here. */
    @Produces
    @Singleton
    RedisSettings redisSettings(CoordinatorConfig config) {
        return config.redis().settings();
    }

    @Produces
    @Singleton
    RedisClient redis(RedisSettings settings, Replica replica) {
        return RedisClients.create(settings, REDIS_CONNECTIONS, "extractor-coordinator-" + replica.id());
    }

    void closeRedis(@Disposes RedisClient redis) {
        redis.close();
    }

    @Produces
    @Singleton
    RedisKeys keys(CoordinatorConfig config) {
        return new RedisKeys(config.redis().prefix());
    }

    @Produces
    @Singleton
    JobStore store(RedisClient redis, RedisKeys keys) {
        return new JobStore(redis, keys);
    }

    @Produces
    @Singleton
    JobMaintenance maintenance(RedisClient redis, RedisKeys keys) {
        return new JobMaintenance(redis, keys);
    }

    @Produces
    @Singleton
    JobRetention retention(RedisClient redis, RedisKeys keys) {
        return new JobRetention(redis, keys);
    }

    @Produces
    @Singleton
    Leadership leadership(Replica replica, JobMaintenance maintenance) {
        return new Leadership(replica, maintenance);
    }

    /** The configured sources by name; credentials stay here and in the redactor, never in Redis or an answer. */
    @Produces
    @Singleton
    Map<String, SourceSettings> sources(CoordinatorConfig config) {
        return SourceConfig.settingsByName(config.sources());
    }

    /** The configured sinks by name, each with its S3 client open until shutdown. */
    @Produces
    @Singleton
    Map<String, Sink> sinks(CoordinatorConfig config) {
        return SinkConfig.openAll(config.sinks());
    }

    void closeSinks(@Disposes Map<String, Sink> sinks) {
        sinks.values().forEach(Sink::close);
    }

    @Produces
    @Singleton
    Redactor redactor(Map<String, SourceSettings> sources, Map<String, Sink> sinks, RedisSettings redis) {
        return Redactor.of(sources.values(), sinks.values()).with(redis.secrets());
    }

    @Produces
    @Singleton
    JobPlanner planner(Map<String, SourceSettings> sources, Map<String, Sink> sinks, CoordinatorConfig config) {
        return new JobPlanner(sources, sinks, PlannerSettings.checked(config.plan()), Clock.systemUTC());
    }

    /**
     * Opens the sinks and asks Redis once at startup, so a sink configured wrong, or a Redis that refuses the
     * credentials, the ACL or the certificate, stops the coordinator before it serves anything. A Redis that is
     * merely down does not: the coordinator answers 503 until it is back.
     */
    void started(@Observes StartupEvent event, CoordinatorConfig config, Replica replica, Map<String, SourceSettings> sources,
                 Map<String, Sink> sinks, RedisSettings redisSettings, RedisClient redis, RedisKeys keys) {
        RedisClients.check(redis, redisSettings, keys.pending())
                .ifPresent(problem -> LOG.warnf("%s; starting anyway, calls retry until it answers", problem));
        LOG.infof("coordinator %s: queue %s (prefix %s); sources %s; sinks %s", replica.id(), redisSettings.shown(),
                config.redis().prefix(), sources.values().stream().map(s -> s.name() + "=" + Redaction.url(s.url())).toList(),
                sinks.values().stream().map(s -> s.settings().name() + "=" + s.settings().uri(s.settings().prefix())).toList());
    }
}
