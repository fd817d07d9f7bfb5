package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import java.time.Duration;
import java.util.List;

/** One job through every kind of call the coordinator and a worker make, for Redis setups other than the plain one. */
final class ProtocolWalk {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private ProtocolWalk() {
    }

    /** Reserve, create, claim, heartbeat, commit, fail, expire, retry, lead, finish and forget one job of 3 tasks. */
    static void everyStep(QueueFixture fx) throws InterruptedException {
        String folder = fx.keys.writer("bucket", "t/run=j1/");
        assertThat(fx.store.reserve("j1", List.of(folder), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.RESERVED);
        fx.job("j1", 3, 2, List.of(folder));

        Lease first = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.heartbeat(first, LEASE, 5)).isEqualTo(Heartbeat.HELD);
        fx.queue.registerUpload(first, "t/run=j1/part-00000.parquet", "up-1");
        assertThat(fx.queue.commit(first, new PartReport(10, 100, "t/run=j1/part-00000.parquet", "up-1", List.of("e"), 1))).isTrue();

        Lease denied = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(denied, FailureKind.SOURCE_PERMISSION, "denied", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);

        Lease lost = fx.queue.claim("w2", Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(20);
        assertThat(fx.maintenance.expireLeases(100)).containsEntry(lost.taskId(), "PENDING");
        Lease again = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.commit(again, new PartReport(10, 100, "t/run=j1/part-00002.parquet", "up-2", List.of("e"), 1))).isTrue();

        assertThat(fx.store.retryFailed("j1", 1).requeued()).isEqualTo(1);
        Lease retried = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.commit(retried, new PartReport(10, 100, "t/run=j1/part-00001.parquet", "up-3", List.of("e"), 1))).isTrue();
        assertThat(fx.store.job("j1").orElseThrow().success()).isEqualTo(3);
        assertThat(fx.store.tasks("j1", 0, 10)).hasSize(3);

        assertThat(fx.maintenance.lead("c1", Duration.ofSeconds(15))).isTrue();
        assertThat(fx.maintenance.beginFinish("j1")).isTrue();
        assertThat(fx.maintenance.finish("j1", JobState.SUCCEEDED, null, System.currentTimeMillis())).isTrue();
        assertThat(fx.retention.due(System.currentTimeMillis() + 1_000, Duration.ZERO, 0, 10)).containsExactly("j1");
        assertThat(fx.retention.forget("j1")).isTrue();
        while (!fx.retention.sweep("j1", 100)) {
            Thread.onSpinWait();
        }
        assertThat(fx.store.job("j1")).isEmpty();
    }
}
