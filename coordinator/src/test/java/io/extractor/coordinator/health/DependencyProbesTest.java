package io.extractor.coordinator.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.Probes;
import io.extractor.testkit.Probes.Answer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's readiness over the API tests' sources and sinks, some of which cannot work: each is its own
 * check, a broken one makes the coordinator not ready, and no answer names a host, a user, a bucket or a secret.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class DependencyProbesTest {

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void eachSourceAndSinkIsItsOwnCheckAndOneThatCannotBeReachedMakesTheCoordinatorNotReady() {
        long asked = System.nanoTime();
        Answer answer = Probes.get(management.resolve("/q/health/ready"));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        HealthAnswer ready = HealthAnswer.of(answer);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(ready.status()).isEqualTo("DOWN");
        // the checks run side by side, each waiting at most extractor.health.timeout (2 s)
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(ready.check("redis").status()).isEqualTo("UP");
        assertThat(ready.check("source db").status()).isEqualTo("UP");
        assertThat(ready.check("source ansi").status()).isEqualTo("UP");
        assertThat(ready.check("sink s3").status()).isEqualTo("UP");
        assertThat(ready.check("source locked")).isEqualTo(new HealthAnswer.Check("DOWN", "the source refused the login (error 1045)"));
        assertThat(ready.check("sink nobucket")).isEqualTo(new HealthAnswer.Check("DOWN", "the sink refused the check (HTTP 404 NoSuchBucket)"));
        assertThat(ready.check("sink down")).isEqualTo(new HealthAnswer.Check("DOWN", "the sink cannot be reached"));
        // a source and a sink that accept connections and never answer: down at the probe's timeout, or, for a
        // probe that comes after their own timeouts ran out, for that reason
        assertThat(ready.check("source hung").status()).isEqualTo("DOWN");
        assertThat(ready.check("source hung").reason()).isIn("no answer within 2 s", "the source did not answer in time");
        assertThat(ready.check("sink hung").status()).isEqualTo("DOWN");
        assertThat(ready.check("sink hung").reason()).isIn("no answer within 2 s", "the sink cannot be reached");

        assertThat(answer.body()).doesNotContain(LocalServices.SOURCE_PASSWORD).doesNotContain(LocalServices.SINK_SECRET)
                .doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain(TestServices.mysqlUrl())
                .doesNotContain("nobody_here").doesNotContain(LocalServices.bucket).doesNotContain("no-such-bucket-here")
                .doesNotContain(Integer.toString(LocalServices.silent.port())).doesNotContain(Integer.toString(LocalServices.s3.port()));
    }

    @Test
    void aSourceThatCannotBeReachedLeavesTheCoordinatorLiveAndStarted() {
        Answer live = Probes.get(management.resolve("/q/health/live"));
        Answer started = Probes.get(management.resolve("/q/health/started"));

        assertThat(live.status()).isEqualTo(200);
        assertThat(HealthAnswer.of(live).check("scheduler").status()).isEqualTo("UP");
        assertThat(started.status()).isEqualTo(200);
        assertThat(HealthAnswer.of(started).check("started").status()).isEqualTo("UP");
    }

    @Test
    void theMetricsEndpointAnswersPrometheusTextWithTheApisRequests() {
        given().get("/api/jobs").then().statusCode(200);

        Answer metrics = Probes.get(management.resolve("/q/metrics"), "text/plain");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge").contains("http_server_requests_seconds_count")
                .contains("uri=\"/api/jobs\"");
    }

    @Test
    void theApiPortServesNeitherProbesNorMetrics() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }
}
