package io.extractor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.health.TimedCheck.Result;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimedCheckTest {

    @Test
    void aResultIsReusedWhileFreshSoFrequentProbesRunOneCheck() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TimedCheck check = new TimedCheck("counted", runs::incrementAndGet, e -> Result.down("x", "x"), Duration.ofMinutes(1), Duration.ofSeconds(10));

        for (int i = 0; i < 5; i++) {
            assertThat(get(check).up()).isTrue();
        }

        assertThat(runs).hasValue(1);
    }

    @Test
    void withNothingCachedEveryProbeRunsTheCheckAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TimedCheck check = new TimedCheck("uncached", runs::incrementAndGet, e -> Result.down("x", "x"), Duration.ZERO, Duration.ofSeconds(10));

        get(check);
        get(check);

        assertThat(runs).hasValue(2);
    }

    @Test
    void aCheckThatHangsIsAnsweredDownAtTheTimeoutAndIsNotStartedTwice() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        TimedCheck check = new TimedCheck("hung", () -> {
            runs.incrementAndGet();
            answer.await();
        }, e -> Result.down("x", "x"), Duration.ZERO, Duration.ofMillis(300));

        long started = System.nanoTime();
        Result first = get(check);
        Result second = get(check);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(first.up()).isFalse();
        assertThat(first.reason()).isEqualTo("no answer within 300 ms");
        assertThat(second.up()).isFalse();
        assertThat(runs).as("the second probe waits on the check already running").hasValue(1);

        answer.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!get(check).up() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(get(check).up()).as("up once the dependency answers").isTrue();
    }

    @Test
    void aFailureIsExplainedByTheGivenFunction() throws Exception {
        TimedCheck check = new TimedCheck("failing", () -> {
            throw new IllegalStateException("db.internal:3306 said no");
        }, e -> Result.down("cannot be reached", e.getMessage()), Duration.ZERO, Duration.ofSeconds(10));

        Result result = get(check);

        assertThat(result).isEqualTo(Result.down("cannot be reached", "db.internal:3306 said no"));
    }

    private static Result get(TimedCheck check) throws Exception {
        return check.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
