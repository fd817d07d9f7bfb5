package io.extractor.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.extractor.coordinator.HungRedis;
import io.extractor.testkit.Probes;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redis that hangs rather than refuses: every call that needs it is answered 503 within seconds, requests do not
 * pile up behind it, and what needs no Redis (the status page) is still served.
 */
@QuarkusTest
@QuarkusTestResource(value = HungRedis.class, restrictToAnnotatedClass = true)
class HungRedisTest {

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void everyCallThatNeedsRedisIsA503WithinSecondsAndTheStatusPageStillLoads() throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(24);
        try {
            for (int i = 0; i < 24; i++) {
                String path = i % 2 == 0 ? "/api/jobs" : "/api/jobs/20990101-000000-0000beef/tasks";
                calls.add(CompletableFuture.supplyAsync(() -> given().get(path).then().extract().statusCode(), clients));
            }
            for (CompletableFuture<Integer> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo(503);
            }
        } finally {
            clients.shutdownNow();
        }
        // 24 at once against a pool of 16 connections: each waits at most a socket timeout and a borrow timeout
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("24 concurrent calls on a hung Redis").isLessThan(Duration.ofSeconds(45));

        given().get("/api/jobs").then().statusCode(503).contentType(ContentType.JSON).header("Retry-After", "5")
                .body("error", containsString("Redis"));
        given().get("/").then().statusCode(200).contentType(ContentType.HTML);
    }

    @Test
    void theReadinessProbeAnswersRedisDownWithinSecondsNotAtRedissTimeout() {
        for (int i = 0; i < 3; i++) {
            long asked = System.nanoTime();
            Probes.Answer ready = Probes.get(management.resolve("/q/health/ready"));
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            assertThat(ready.status()).isEqualTo(503);
            // Redis calls give up after 5 s; a probe answers at its own 2 s timeout, or with the reason once they have
            assertThat(ready.body()).containsAnyOf("no answer within 2 s", "Redis cannot be reached");
            assertThat(took).as("probe " + i).isLessThan(Duration.ofSeconds(4));
        }
    }
}
