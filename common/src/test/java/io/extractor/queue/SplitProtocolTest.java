package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.TaskState;
import io.extractor.plan.IdRange;
import io.extractor.queue.TaskQueue.SplitOutcome;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The split of a running task's range (DESIGN.md invariant 8), driven through the real Redis scripts. */
class SplitProtocolTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final BigInteger CUT = BigInteger.valueOf(6);
    private final QueueFixture fx = new QueueFixture();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    private TaskRecord running(String id) {
        return fx.store.task(id).orElseThrow();
    }

    @Test
    void aProposalReachesTheRunningAttemptAtItsNextHeartbeatAndAcceptingIt_makesTheRestANewTaskAtTheFrontOfTheQueue() {
        fx.job("j1", 2, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow(); // j1.0.0, ids [1, 11)
        assertThat(fx.queue.heartbeat(lease, LEASE, 4, BigInteger.valueOf(4), Duration.ofSeconds(1))).isEqualTo(Heartbeat.HELD);
        TaskRecord task = running("j1.0.0");
        assertThat(task.readTo()).isEqualTo(BigInteger.valueOf(4));

        assertThat(fx.maintenance.proposeSplit(task, CUT, 5, 5)).isTrue();
        assertThat(fx.maintenance.proposeSplit(running("j1.0.0"), BigInteger.valueOf(8), 7, 3)).as("one proposal at a time").isFalse();
        assertThat(fx.queue.heartbeat(lease, LEASE, 5, BigInteger.valueOf(5), Duration.ofSeconds(1))).isEqualTo(Heartbeat.split(CUT));

        assertThat(fx.queue.split(lease, CUT, true, 3)).isEqualTo(SplitOutcome.SPLIT);

        TaskRecord head = running("j1.0.0");
        assertThat(head.range()).isEqualTo(IdRange.of(1, 6));
        assertThat(head.splits()).isEqualTo(1);
        assertThat(head.estimatedRows()).isEqualTo(5);
        assertThat(head.splitAt()).isNull();
        TaskRecord tail = running("j1.0.2");
        assertThat(tail.state()).isEqualTo(TaskState.PENDING);
        assertThat(tail.range()).isEqualTo(IdRange.of(6, 11));
        assertThat(tail.splitFrom()).isEqualTo("j1.0.0");
        assertThat(tail.estimatedRows()).isEqualTo(5);
        JobRecord job = fx.store.job("j1").orElseThrow();
        assertThat(job.total()).isEqualTo(3);
        assertThat(job.pending()).isEqualTo(2);
        assertThat(fx.store.allTasks("j1")).extracting(TaskRecord::id).containsExactly("j1.0.0", "j1.0.1", "j1.0.2");
        assertThat(fx.store.activeTaskCount()).isEqualTo(3);
        assertThat(fx.queue.claim("w2", LEASE).orElseThrow().taskId()).as("the split-off task goes first").isEqualTo("j1.0.2");
        assertThat(fx.queue.heartbeat(lease, LEASE, 6, BigInteger.valueOf(5), Duration.ofSeconds(1))).as("the proposal is answered").isEqualTo(Heartbeat.HELD);
    }

    @Test
    void aCommitWhoseRangeDoesNotEndWhereTheTasksDoesIsRefused() {
        fx.job("j1", 1, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running("j1.0.0"), CUT, 5, 5);
        PartReport part = new PartReport(5, 100, "k", "u", List.of("e"), 1);

        assertThat(fx.queue.commit(lease, IdRange.of(1, 6), part)).as("the split never landed").isFalse();
        assertThat(fx.queue.split(lease, CUT, true, 3)).isEqualTo(SplitOutcome.SPLIT);
        assertThat(fx.queue.commit(lease, lease.range(), part)).as("the range now ends at the cut").isFalse();
        assertThat(fx.queue.commit(lease, IdRange.of(1, 6), part)).isTrue();
    }

    @Test
    void aRepeatedAcceptAfterALostReplyChangesNothingMore() {
        fx.job("j1", 1, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running("j1.0.0"), CUT, 5, 5);

        assertThat(fx.queue.split(lease, CUT, true, 3)).isEqualTo(SplitOutcome.SPLIT);
        assertThat(fx.queue.split(lease, CUT, true, 3)).isEqualTo(SplitOutcome.SPLIT);

        assertThat(fx.store.job("j1").orElseThrow().total()).isEqualTo(2);
        assertThat(fx.queue.pendingLength()).isEqualTo(1);
    }

    @Test
    void decliningClearsTheProposalAndLeavesTheRangeWhole() {
        fx.job("j1", 1, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running("j1.0.0"), CUT, 5, 5);

        assertThat(fx.queue.split(lease, CUT, false, 3)).isEqualTo(SplitOutcome.DECLINED);

        assertThat(running("j1.0.0").range()).isEqualTo(IdRange.of(1, 11));
        assertThat(running("j1.0.0").splitAt()).isNull();
        assertThat(fx.store.job("j1").orElseThrow().total()).isEqualTo(1);
        assertThat(fx.maintenance.proposeSplit(running("j1.0.0"), BigInteger.valueOf(9), 8, 2)).as("a new proposal may follow").isTrue();
    }

    @Test
    void anAttemptThatLostItsLeaseCannotSplitAndANewAttemptNeverSeesTheOldProposal() {
        fx.job("j1", 1, 3);
        Lease old = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running("j1.0.0"), CUT, 5, 5);
        fx.redis.hset(fx.keys.task("j1.0.0"), Map.of("leaseUntil", "1"));
        fx.redis.zadd(fx.keys.leases(), 1, "j1.0.0");
        fx.maintenance.expireLeases(10);
        Lease now = fx.queue.claim("w2", LEASE).orElseThrow();

        assertThat(fx.queue.split(old, CUT, true, 3)).isEqualTo(SplitOutcome.FENCED);
        assertThat(fx.queue.heartbeat(now, LEASE, 1, null, Duration.ofSeconds(1))).isEqualTo(Heartbeat.HELD);
        assertThat(fx.queue.split(now, CUT, true, 3)).as("no proposal for this attempt").isEqualTo(SplitOutcome.REFUSED);
        assertThat(running("j1.0.0").range()).isEqualTo(IdRange.of(1, 11));
    }

    @Test
    void aCancelledJobTakesNoProposalAndRefusesASplit() {
        fx.job("j1", 1, 3);
        Lease lease = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running("j1.0.0"), CUT, 5, 5);
        fx.store.cancel("j1");

        assertThat(fx.maintenance.proposeSplit(running("j1.0.0"), BigInteger.valueOf(9), 8, 2)).isFalse();
        assertThat(fx.queue.split(lease, CUT, true, 3)).isEqualTo(SplitOutcome.REFUSED);
        assertThat(fx.store.job("j1").orElseThrow().total()).isEqualTo(1);
    }

    @Test
    void splitOffTasksGetSeqsPastEveryPlannedOneSoPartNamesNeverRepeat() {
        fx.job("j1", 3, 3);
        Lease first = fx.queue.claim("w1", LEASE).orElseThrow();
        fx.maintenance.proposeSplit(running(first.taskId()), CUT, 5, 5);
        fx.queue.split(first, CUT, true, 3);
        fx.maintenance.proposeSplit(running(first.taskId()), BigInteger.valueOf(3), 2, 3);
        fx.queue.split(first, BigInteger.valueOf(3), true, 3);

        assertThat(fx.store.allTasks("j1")).extracting(TaskRecord::id)
                .containsExactly("j1.0.0", "j1.0.1", "j1.0.2", "j1.0.3", "j1.0.4");
        assertThat(running("j1.0.4").range()).isEqualTo(IdRange.of(3, 6));
        assertThat(running("j1.0.0").range()).isEqualTo(IdRange.of(1, 3));
    }

    @Test
    void anIdleWorkerIsRecordedWhenItFindsNothingToClaim() {
        fx.job("j1", 1, 3);
        fx.queue.claim("w1", LEASE).orElseThrow();
        assertThat(fx.maintenance.idleWorkers(Duration.ofSeconds(5))).isZero();

        assertThat(fx.queue.claim("w2", LEASE)).isEmpty();

        assertThat(fx.maintenance.idleWorkers(Duration.ofSeconds(5))).isEqualTo(1);
    }
}
