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

@QuarkusTest
@QuarkusTestResource(value = HungRedis.class, restrictToAnnotatedClass = true)
class WorkerHungRedisTest {

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void aRedisThatAcceptsAndNeverAnswersMakesTheWorkerNotReadyWithinSeconds() {
        for (int i = 0; i < 3; i++) {
            long asked = System.nanoTime();
            Answer ready = Probes.get(management.resolve("/q/health/ready"));
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("\"name\": \"redis\"").doesNotContain(Integer.toString(HungRedis.redis.port()));
            // Redis calls give up after 5 s; a probe does not wait for that but answers at its 2 s timeout. A later
            // probe may catch the check as it gives up, and then says so.
            assertThat(ready.body()).containsAnyOf("no answer within 2 s", "Redis cannot be reached");
            if (i == 0) {
                assertThat(ready.body()).contains("no answer within 2 s");
            }
            assertThat(took).as("probe " + i).isLessThan(Duration.ofSeconds(4));
        }
    }
}
