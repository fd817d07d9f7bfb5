package io.extractor.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.Probes;
import io.extractor.testkit.Probes.Answer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker's probes and metrics on its management port, against a Redis the test stops and starts. */
@QuarkusTest
@QuarkusTestResource(value = PrivateRedis.class, restrictToAnnotatedClass = true)
class WorkerHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void aWorkerWithRedisUpIsStartedReadyAndLive() {
        for (String probe : new String[] {"started", "ready", "live"}) {
            Answer answer = Probes.await(management.resolve("/q/health/" + probe), WAIT, "UP", a -> a.status() == 200);
            assertThat(answer.body()).contains("\"status\": \"UP\"");
        }
        assertThat(Probes.get(management.resolve("/q/health/ready")).body()).contains("\"name\": \"redis\"");
    }

    @Test
    void aWorkerThatLostRedisIsNotReadyAtOnceNotLivePastItsPatienceAndBothAgainOnceRedisIsBack() {
        Probes.await(management.resolve("/q/health/ready"), WAIT, "ready", a -> a.status() == 200);
        long lost = System.nanoTime();
        PrivateRedis.redis.kill();
        try {
            Answer ready = Probes.await(management.resolve("/q/health/ready"), WAIT, "DOWN", a -> a.status() == 503);
            assertThat(ready.body()).contains("Redis cannot be reached").doesNotContain("127.0.0.1")
                    .doesNotContain(Integer.toString(PrivateRedis.redis.port()));

            Answer live = Probes.await(management.resolve("/q/health/live"), WAIT, "DOWN", a -> a.status() == 503);
            assertThat(Duration.ofNanos(System.nanoTime() - lost)).as("not live only after the patience")
                    .isGreaterThan(Duration.ofSeconds(PrivateRedis.PATIENCE_SECONDS));
            assertThat(live.body()).contains("redis contact").contains("extractor.worker.redis-patience (3 s)");
        } finally {
            PrivateRedis.redis.restart();
        }
        Probes.await(management.resolve("/q/health/live"), WAIT, "live again", a -> a.status() == 200);
        Probes.await(management.resolve("/q/health/ready"), WAIT, "ready again", a -> a.status() == 200);
    }

    @Test
    void theMetricsEndpointAnswersPrometheusText() {
        Answer classic = Probes.get(management.resolve("/q/metrics"), "text/plain");
        // what Prometheus 2.x and 3.x send when they scrape
        Answer scrape = Probes.get(management.resolve("/q/metrics"), "application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(classic.status()).isEqualTo(200);
        assertThat(classic.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(classic.body()).contains("# TYPE jvm_memory_used_bytes gauge").contains("process_uptime_seconds");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).matches("(text/plain; version=0\\.0\\.4|application/openmetrics-text).*");
        assertThat(scrape.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
}
