package io.extractor.coordinator.health;

import io.extractor.config.Redactor;
import io.extractor.coordinator.CoordinatorConfig;
import io.extractor.health.DependencyChecks;
import io.extractor.health.TimedCheck;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.RedisSettings;
import io.extractor.sink.Sink;
import io.extractor.source.SourceSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import redis.clients.jedis.RedisClient;

/**
 * The coordinator's probes on the management port (README "Health and metrics"). Started: once startup is over.
 * Ready: Redis answers, and so does each configured source and sink (their results kept for
 * {@code extractor.health.cache}). Live: the scheduler runs and fires its passes (reaper, finisher, retention,
 * splitter) on time; a pass that waits on a slow dependency does not count against it.
 */
@Singleton
public class CoordinatorHealth {
    /** A pass whose next firing is this late means the scheduler's thread no longer runs. */
    static final Duration LATE = Duration.ofSeconds(30);

    private final List<String> registered = new ArrayList<>();
    private volatile boolean started;

    /** One readiness check per dependency, each under its own name ({@code redis}, {@code source db}, {@code sink s3}). */
    void register(@Observes @Priority(10) StartupEvent event, @Readiness HealthRegistry readiness, CoordinatorConfig config,
                  RedisClient redis, RedisSettings redisSettings, RedisKeys keys, Map<String, SourceSettings> sources,
                  Map<String, Sink> sinks, Redactor redactor) {
        Duration timeout = config.health().timeout();
        Duration cache = config.health().cache();
        List<TimedCheck> checks = new ArrayList<>();
        checks.add(DependencyChecks.redis(redis, redisSettings, keys.pending(), Duration.ZERO, timeout));
        sources.values().forEach(source -> checks.add(DependencyChecks.source(source, redactor, cache, timeout)));
        sinks.values().forEach(sink -> checks.add(DependencyChecks.sink(sink, redactor, cache, timeout)));
        for (TimedCheck check : checks) {
            readiness.register(check.name(), async(check));
            registered.add(check.name());
        }
    }

    /** The registry outlives the application in tests and dev mode, which start it again in one JVM. */
    void unregister(@Observes ShutdownEvent event, @Readiness HealthRegistry readiness) {
        registered.forEach(readiness::remove);
        registered.clear();
    }

    /** After every other startup observer: the coordinator is up. */
    void started(@Observes @Priority(Integer.MAX_VALUE - 1) StartupEvent event) {
        started = true;
    }

    @Produces
    @Startup
    @Singleton
    HealthCheck startup() {
        return () -> HealthCheckResponse.named("started").status(started).build();
    }

    @Produces
    @Liveness
    @Singleton
    HealthCheck scheduler(Scheduler scheduler) {
        return () -> {
            var response = HealthCheckResponse.named("scheduler");
            if (!scheduler.isRunning()) {
                return response.down().withData("reason", "the scheduler is not running").build();
            }
            Instant now = Instant.now();
            for (Trigger trigger : scheduler.getScheduledJobs()) {
                Instant next = trigger.getNextFireTime();
                if (next != null && next.plus(LATE).isBefore(now)) {
                    return response.down().withData("reason", "a scheduled pass is " + Duration.between(next, now).toSeconds()
                            + " s overdue").build();
                }
            }
            return response.up().build();
        };
    }

    static AsyncHealthCheck async(TimedCheck check) {
        return () -> Uni.createFrom().completionStage(check::result).map(result -> {
            var response = HealthCheckResponse.named(check.name()).status(result.up());
            if (!result.up()) {
                response.withData("reason", result.reason());
            }
            return response.build();
        });
    }
}
