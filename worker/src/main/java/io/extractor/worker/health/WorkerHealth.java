package io.extractor.worker.health;

import io.extractor.health.DependencyChecks;
import io.extractor.health.TimedCheck;
import io.extractor.queue.RedisSettings;
import io.extractor.queue.TaskQueue;
import io.extractor.worker.WorkerConfig;
import io.extractor.worker.task.RedisContact;
import io.extractor.worker.task.WorkerSettings;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import redis.clients.jedis.RedisClient;

/**
 * The worker's probes on the management port (README "Health and metrics"). Started: once startup is over and the
 * slots run. Ready: Redis answers within {@code extractor.health.timeout}. Live: the worker's own claims and
 * heartbeats have not been failing for longer than {@code extractor.worker.redis-patience}; it is live again as
 * soon as one gets through, since the slots keep trying.
 */
@Singleton
public class WorkerHealth {
    private volatile boolean started;

    /** After every other startup observer (the Redis check, the slots): the worker is up. */
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
    @Readiness
    @Singleton
    AsyncHealthCheck redis(RedisClient redis, RedisSettings settings, TaskQueue queue, WorkerConfig config) {
        TimedCheck check = DependencyChecks.redis(redis, settings, queue.keys().pending(), Duration.ZERO, config.health().timeout());
        return () -> Uni.createFrom().completionStage(check::result).map(result -> {
            var response = HealthCheckResponse.named(check.name()).status(result.up());
            if (!result.up()) {
                response.withData("reason", result.reason());
            }
            return response.build();
        });
    }

    @Produces
    @Liveness
    @Singleton
    HealthCheck redisContact(RedisContact contact, WorkerSettings settings) {
        Duration patience = settings.redisPatience();
        return () -> {
            Optional<Duration> lost = contact.lostFor();
            var response = HealthCheckResponse.named("redis contact");
            if (lost.isPresent() && lost.get().compareTo(patience) > 0) {
                return response.down().withData("reason", "no claim or heartbeat has reached Redis for " + lost.get().toSeconds()
                        + " s, longer than extractor.worker.redis-patience (" + patience.toSeconds() + " s)").build();
            }
            return response.up().build();
        };
    }
}
