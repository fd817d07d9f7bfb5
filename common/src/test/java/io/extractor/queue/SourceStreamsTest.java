package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A source's cap on concurrent tasks (max-streams), enforced by the claim script across every worker. */
class SourceStreamsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final QueueFixture fx = new QueueFixture();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Test
    void noMoreTasksOfASourceRunAtOnceThanItsCapAndTheRestWaitInTheirPlace() {
        fx.maintenance.publishStreamCaps(Map.of("src", 2));
        fx.job("j1", 4, 3);

        Lease first = fx.queue.claim("w1", LEASE).orElseThrow();
        Lease second = fx.queue.claim("w2", LEASE).orElseThrow();

        assertThat(fx.queue.claim("w3", LEASE)).as("the source serves two tasks already").isEmpty();
        assertThat(fx.maintenance.streams("src")).isEqualTo(2);
        assertThat(fx.redis.lrange(fx.keys.pending(), 0, -1)).as("the waiting tasks keep their order").containsExactly("j1.0.3", "j1.0.2");

        fx.queue.commit(first, new PartReport(1, 1, "k", "u", List.of("e"), 1));
        assertThat(fx.queue.claim("w3", LEASE).orElseThrow().taskId()).as("a stream came free").isEqualTo("j1.0.2");
        fx.queue.fail(second, io.extractor.job.FailureKind.SOURCE_ERROR, "boom", Duration.ofMinutes(5));
        assertThat(fx.queue.claim("w4", LEASE).orElseThrow().taskId()).isEqualTo("j1.0.3");
    }

    @Test
    void aCapOfZeroOrNoneAtAllLeavesTheSourceUncapped() {
        fx.job("j1", 3, 3);
        assertThat(List.of(fx.queue.claim("w1", LEASE), fx.queue.claim("w2", LEASE), fx.queue.claim("w3", LEASE)))
                .allSatisfy(lease -> assertThat(lease).isPresent());

        fx.maintenance.publishStreamCaps(Map.of("src", 0));
        fx.job("j2", 1, 3);
        assertThat(fx.queue.claim("w4", LEASE)).isPresent();
    }
}
