package io.extractor.coordinator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.Probes;
import io.extractor.testkit.Probes.Answer;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The coordinator's probes with every dependency up, then with Redis stopped, then with its scheduler stopped. */
@QuarkusTest
@QuarkusTestResource(value = HealthyServices.class, restrictToAnnotatedClass = true)
class CoordinatorProbesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Inject
    Scheduler scheduler;

    @Test
    void withRedisTheSourceAndTheSinkUpTheCoordinatorIsStartedReadyAndLive() {
        Answer ready = Probes.await(management.resolve("/q/health/ready"), WAIT, "ready", a -> a.status() == 200);

        assertThat(HealthAnswer.of(ready).checks().keySet()).containsExactlyInAnyOrder("redis", "source db", "sink s3");
        assertThat(Probes.get(management.resolve("/q/health/live")).status()).isEqualTo(200);
        assertThat(Probes.get(management.resolve("/q/health/started")).status()).isEqualTo(200);
    }

    @Test
    void aCoordinatorThatLostRedisIsNotReadyButStaysLiveAndIsReadyAgainOnceRedisIsBack() {
        Probes.await(management.resolve("/q/health/ready"), WAIT, "ready", a -> a.status() == 200);
        HealthyServices.redis.kill();
        try {
            Answer down = Probes.await(management.resolve("/q/health/ready"), WAIT, "not ready", a -> a.status() == 503);
            HealthAnswer ready = HealthAnswer.of(down);
            assertThat(ready.check("redis")).isEqualTo(new HealthAnswer.Check("DOWN", "Redis cannot be reached"));
            assertThat(ready.check("source db").status()).isEqualTo("UP");
            assertThat(ready.check("sink s3").status()).isEqualTo("UP");
            assertThat(down.body()).doesNotContain("127.0.0.1").doesNotContain(Integer.toString(HealthyServices.redis.port()));
            // restarting the coordinator would not bring Redis back: it stays live
            assertThat(Probes.get(management.resolve("/q/health/live")).status()).isEqualTo(200);
        } finally {
            HealthyServices.redis.restart();
        }
        Probes.await(management.resolve("/q/health/ready"), WAIT, "ready again", a -> a.status() == 200);
    }

    @Test
    void aCoordinatorWhoseSchedulerStoppedIsNotLive() {
        scheduler.pause();
        try {
            Answer live = Probes.get(management.resolve("/q/health/live"));
            assertThat(live.status()).isEqualTo(503);
            assertThat(HealthAnswer.of(live).check("scheduler")).isEqualTo(new HealthAnswer.Check("DOWN", "the scheduler is not running"));
        } finally {
            scheduler.resume();
        }
        assertThat(Probes.get(management.resolve("/q/health/live")).status()).isEqualTo(200);
    }
}
