package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.testkit.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task state machine of DESIGN.md, driven through the real Redis. */
class TaskQueueTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final QueueFixture fx = new QueueFixture();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Test
    void claimMovesTheOldestPendingTaskToProgressAndCountsIt() {
        fx.job("j1", 3, 3);

        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();

        assertThat(lease.taskId()).isEqualTo("j1.0.0");
        assertThat(lease.attempt()).isEqualTo(1);
        TaskRecord task = fx.store.task("j1.0.0").orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.PROGRESS);
        assertThat(task.worker()).isEqualTo("w1");
        assertThat(task.range()).isEqualTo(IdRange.of(1, 11));
        assertThat(lease.range()).as("the lease carries the range").isEqualTo(IdRange.of(1, 11));
        JobRecord job = fx.store.job("j1").orElseThrow();
        assertThat(job.pending()).isEqualTo(2);
        assertThat(job.progress()).isEqualTo(1);
        assertThat(fx.queue.pendingLength()).isEqualTo(2);
    }

    @Test
    void aHashTaggedPrefixRunsEveryStepOfATask() {
        try (QueueFixture tagged = new QueueFixture("{" + TestServices.unique("tagged") + "}:")) {
            tagged.job("j1", 2, 2);
            Lease first = tagged.queue.claim("w1", LEASE).orElseThrow();
            assertThat(tagged.queue.heartbeat(first, LEASE, 5)).isEqualTo(Heartbeat.HELD);
            assertThat(tagged.queue.commit(first, new PartReport(5, 10, "k", "u", List.of("e"), 1))).isTrue();
            Lease second = tagged.queue.claim("w1", LEASE).orElseThrow();
            assertThat(tagged.queue.fail(second, FailureKind.SOURCE_PERMISSION, "denied", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);
            assertThat(tagged.store.retryFailed("j1", 1).requeued()).isEqualTo(1);

            assertThat(tagged.store.job("j1").orElseThrow().success()).isEqualTo(1);
            assertThat(tagged.store.job("j1").orElseThrow().pending()).isEqualTo(1);
            assertThat(tagged.store.task("j1.0.1").orElseThrow().lastErrorKind()).isEqualTo(FailureKind.SOURCE_PERMISSION);
        }
    }

    @Test
    void emptyQueueGivesNothing() {
        assertThat(fx.queue.claim("w1", LEASE)).isEmpty();
    }

    @Test
    void concurrentClaimsNeverHandOutATaskTwice() throws Exception {
        fx.job("j1", 200, 3);
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "w" + w;
            futures.add(pool.submit(() -> {
                Optional<Lease> lease;
                while ((lease = fx.queue.claim(worker, LEASE)).isPresent()) {
                    if (!claimed.add(lease.get().taskId())) {
                        synchronized (duplicates) {
                            duplicates.add(lease.get().taskId());
                        }
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(200);
        assertThat(fx.store.job("j1").orElseThrow().progress()).isEqualTo(200);
    }

    @Test
    void commitMakesTheTaskSuccessAndAddsItsRowsToTheJob() {
        fx.job("j1", 1, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();

        boolean committed = fx.queue.commit(lease, new PartReport(10, 2048, "t/run=j1/part-00000.parquet", "up-1", List.of("e1", "e2"), 15));

        assertThat(committed).isTrue();
        TaskRecord task = fx.store.task(lease.taskId()).orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(task.rows()).isEqualTo(10);
        assertThat(task.etags()).containsExactly("e1", "e2");
        assertThat(task.completed()).isFalse();
        JobRecord job = fx.store.job("j1").orElseThrow();
        assertThat(job.success()).isEqualTo(1);
        assertThat(job.rows()).isEqualTo(10);
        assertThat(job.bytes()).isEqualTo(2048);
        assertThat(job.allTasksDone()).isTrue();
    }

    @Test
    void anAttemptWhoseLeaseExpiredIsFencedOut() throws Exception {
        fx.job("j1", 1, 3);
        Lease stale = fx.queue.claim("slow", Duration.ofMillis(50)).orElseThrow();
        Thread.sleep(120);

        assertThat(fx.maintenance.expireLeases(100)).containsEntry("j1.0.0", "PENDING");
        Lease current = fx.queue.claim("fast", LEASE).orElseThrow();
        assertThat(current.attempt()).isEqualTo(2);

        // everything the first attempt says from now on is ignored
        assertThat(fx.queue.heartbeat(stale, LEASE, 5)).isEqualTo(Heartbeat.FENCED);
        assertThat(fx.queue.commit(stale, new PartReport(99, 1, "k", "stale-upload", List.of("e"), 1))).isFalse();
        assertThat(fx.queue.fail(stale, FailureKind.SOURCE_PERMISSION, "late error", Duration.ZERO)).isEqualTo(FailOutcome.FENCED);
        assertThat(fx.queue.release(stale, "late")).isFalse();

        TaskRecord task = fx.store.task("j1.0.0").orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.PROGRESS);
        assertThat(task.worker()).isEqualTo("fast");
        assertThat(task.error()).contains("lease expired: worker slow");
        assertThat(fx.store.job("j1").orElseThrow().rows()).isZero();

        assertThat(fx.queue.commit(current, new PartReport(10, 1, "k", "good-upload", List.of("e"), 1))).isTrue();
        assertThat(fx.store.task("j1.0.0").orElseThrow().uploadId()).isEqualTo("good-upload");
    }

    @Test
    void retryableFailureWaitsOutItsBackoffThenRunsAgain() throws Exception {
        fx.job("j1", 1, 3);
        Lease first = fx.queue.claim("w1", LEASE).orElseThrow();

        assertThat(fx.queue.fail(first, FailureKind.SOURCE_UNREACHABLE, "connection reset", Duration.ofMillis(400))).isEqualTo(FailOutcome.RETRYING);
        TaskRecord waiting = fx.store.task("j1.0.0").orElseThrow();
        assertThat(waiting.state()).isEqualTo(TaskState.PENDING);
        assertThat(waiting.error()).isEqualTo("connection reset");
        assertThat(fx.queue.claim("w1", LEASE)).as("still backing off").isEmpty();

        Thread.sleep(500);
        Lease second = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
    }

    @Test
    void failuresEndFailedWhenNotRetryableOrOutOfAttempts() {
        fx.job("j1", 2, 2);
        Lease a = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(a, FailureKind.SOURCE_PERMISSION, "table test.orders does not exist", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);

        Lease b1 = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(b1, FailureKind.SOURCE_UNREACHABLE, "timeout", Duration.ZERO)).isEqualTo(FailOutcome.RETRYING);
        Lease b2 = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(b2.attempt()).isEqualTo(2);
        assertThat(fx.queue.fail(b2, FailureKind.SOURCE_UNREACHABLE, "timeout again", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);

        JobRecord job = fx.store.job("j1").orElseThrow();
        assertThat(job.failed()).isEqualTo(2);
        assertThat(job.allTasksDone()).isTrue();
        assertThat(fx.store.task(b2.taskId()).orElseThrow().error()).isEqualTo("timeout again");
    }

    @Test
    void aFailureKeepsItsKindOnTheTaskAndTheJobCountsFailedTasksByKind() {
        fx.job("j1", 3, 3);
        Lease denied = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(denied, FailureKind.SOURCE_PERMISSION, "access denied", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);
        Lease flaky = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(flaky, FailureKind.SOURCE_UNREACHABLE, "connection reset", Duration.ZERO)).isEqualTo(FailOutcome.RETRYING);

        assertThat(fx.store.task(denied.taskId()).orElseThrow().errorKind()).isEqualTo(FailureKind.SOURCE_PERMISSION);
        assertThat(fx.store.task(flaky.taskId()).orElseThrow().errorKind()).isEqualTo(FailureKind.SOURCE_UNREACHABLE);
        assertThat(fx.store.job("j1").orElseThrow().failedByKind()).as("only FAILED tasks count").containsExactly(
                java.util.Map.entry(FailureKind.SOURCE_PERMISSION, 1L));

        assertThat(fx.store.cancel("j1")).isEqualTo(2);
        assertThat(fx.store.job("j1").orElseThrow().failedByKind())
                .containsEntry(FailureKind.SOURCE_PERMISSION, 1L).containsEntry(FailureKind.CANCELLED, 2L);
    }

    @Test
    void anInternalFailureIsRetriedOnceAtMostWhateverAttemptsAreLeft() {
        fx.job("j1", 1, 5);
        Lease first = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(first.maxAttempts()).isEqualTo(5);
        assertThat(fx.queue.fail(first, FailureKind.INTERNAL, "NullPointerException", Duration.ZERO)).isEqualTo(FailOutcome.RETRYING);

        Lease second = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.queue.fail(second, FailureKind.INTERNAL, "NullPointerException", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);

        TaskRecord task = fx.store.task("j1.0.0").orElseThrow();
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.errorKind()).isEqualTo(FailureKind.INTERNAL);
    }

    @Test
    void operatorRetryTakesFailedTasksOutOfTheCountsByKindAndKeepsTheLastKind() {
        fx.job("j1", 1, 1);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.queue.fail(lease, FailureKind.SINK_PERMISSION, "403 AccessDenied", Duration.ZERO);
        assertThat(fx.store.job("j1").orElseThrow().failedByKind()).containsEntry(FailureKind.SINK_PERMISSION, 1L);

        assertThat(fx.store.retryFailed("j1", 1).requeued()).isEqualTo(1);

        assertThat(fx.store.job("j1").orElseThrow().failedByKind()).isEmpty();
        TaskRecord task = fx.store.task("j1.0.0").orElseThrow();
        assertThat(task.errorKind()).isNull();
        assertThat(task.lastErrorKind()).isEqualTo(FailureKind.SINK_PERMISSION);
    }

    @Test
    void anExpiredLeaseIsALostLease() throws Exception {
        fx.job("j1", 1, 3);
        fx.queue.claim("w1", Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(20);

        assertThat(fx.maintenance.expireLeases(10)).containsEntry("j1.0.0", "PENDING");

        assertThat(fx.store.task("j1.0.0").orElseThrow().errorKind()).isEqualTo(FailureKind.LEASE_LOST);
    }

    @Test
    void releaseHandsTheTaskBackWithoutSpendingAnAttempt() {
        fx.job("j1", 2, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();

        assertThat(fx.queue.release(lease, "worker shutting down")).isTrue();

        TaskRecord task = fx.store.task(lease.taskId()).orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.PENDING);
        assertThat(task.attempt()).isZero();
        Lease again = fx.queue.claim("w2", LEASE).orElseThrow();
        assertThat(again.taskId()).as("released task goes to the front").isEqualTo(lease.taskId());
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.token()).isGreaterThan(lease.token());
        assertThat(fx.queue.commit(lease, new PartReport(1, 1, "k", "u", List.of("e"), 1))).as("old token").isFalse();
    }

    @Test
    void cancelDropsPendingTasksAndStopsRunningOnesAtTheirNextHeartbeat() {
        fx.job("j1", 3, 3);
        Lease running = fx.queue.claim("w1", LEASE).orElseThrow();

        assertThat(fx.store.cancel("j1")).isEqualTo(2);

        assertThat(fx.queue.heartbeat(running, LEASE, 3)).isEqualTo(Heartbeat.CANCELLED);
        assertThat(fx.queue.claim("w1", LEASE)).isEmpty();
        assertThat(fx.queue.fail(running, FailureKind.SOURCE_UNREACHABLE, "cancelled", Duration.ZERO)).isEqualTo(FailOutcome.FAILED);
        assertThat(fx.maintenance.beginFinish("j1")).isTrue();
        assertThat(fx.maintenance.finishingFrom("j1")).isEqualTo(JobState.CANCELLING);
    }

    @Test
    void operatorRetryRequeuesFailedTasksWithFreshAttempts() {
        fx.job("j1", 1, 1);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.queue.fail(lease, FailureKind.SOURCE_PERMISSION, "access denied", Duration.ZERO);
        assertThat(fx.maintenance.beginFinish("j1")).isTrue();
        fx.maintenance.finish("j1", JobState.FAILED, "1 task failed", System.currentTimeMillis());

        assertThat(fx.store.retryFailed("j1", 2).requeued()).isEqualTo(1);

        JobRecord job = fx.store.job("j1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.pending()).isEqualTo(1);
        assertThat(fx.store.activeJobIds()).contains("j1");
        Lease again = fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(fx.queue.fail(again, FailureKind.SOURCE_UNREACHABLE, "still denied", Duration.ZERO)).as("attempt 2 of 1+2").isEqualTo(FailOutcome.RETRYING);
        assertThat(fx.store.task("j1.0.0").orElseThrow().lastError()).isEqualTo("access denied");
    }

    @Test
    void poisonedEntriesAreSetAsideAndTheNextTaskIsStillServed() {
        fx.job("j1", 1, 3);
        fx.redis.rpush(fx.keys.pending(), "not-a-task");

        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();

        assertThat(lease.taskId()).isEqualTo("j1.0.0");
        assertThat(fx.redis.lrange(fx.keys.poison(), 0, -1)).containsExactly("not-a-task");
    }

    @Test
    void aTaskOfAVanishedJobEndsFailedWithTheReason() {
        fx.job("j1", 1, 3);
        fx.redis.del(fx.keys.job("j1"));

        assertThat(fx.queue.claim("w1", LEASE)).isEmpty();

        TaskRecord task = fx.store.task("j1.0.0").orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).contains("job j1 is unknown");
    }

    @Test
    void aTaskHandedOutAgainAfterRedisLostTheJobGetsATokenNoEarlierClaimHad() {
        JobPlan plan = fx.job("j1", 1, 3);
        Lease before = fx.queue.claim("w1", LEASE).orElseThrow();
        TestServices.deleteKeys(fx.redis, fx.prefix); // Redis restarted empty
        fx.store.create(plan, List.of()); // the operator resumed the job from the sink

        Lease after = fx.queue.claim("w2", LEASE).orElseThrow();

        assertThat(after.token()).isNotEqualTo(before.token());
        assertThat(fx.queue.heartbeat(before, LEASE, 1)).isEqualTo(Heartbeat.FENCED);
        assertThat(fx.queue.commit(before, new PartReport(1, 1, "k", "old", List.of("e"), 1))).isFalse();
        assertThat(fx.queue.heartbeat(after, LEASE, 1)).isEqualTo(Heartbeat.HELD);
    }

    @Test
    void leaseRunsOutToFailedWhenNoAttemptIsLeft() throws Exception {
        fx.job("j1", 1, 1);
        fx.queue.claim("w1", Duration.ofMillis(30)).orElseThrow();
        Thread.sleep(80);

        assertThat(fx.maintenance.expireLeases(10)).containsEntry("j1.0.0", "FAILED");
        assertThat(fx.store.job("j1").orElseThrow().failed()).isEqualTo(1);
    }
}
