package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.testkit.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The coordinator's side of the protocol over many jobs: connections, state indexes, run folders, retention. */
class JobStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final QueueFixture fx = new QueueFixture();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Test
    void creatingAndFinishingHundredsOfJobsThroughTwoConnectionsNeverRunsOutOfThem() {
        String name = "jobstore-test-" + fx.prefix.replace(":", "");
        try (RedisClient small = RedisClients.create(TestServices.redisUrl(), 2, name)) {
            JobStore store = new JobStore(small, fx.keys);
            JobMaintenance maintenance = new JobMaintenance(small, fx.keys);
            for (int i = 0; i < 200; i++) {
                String id = "j" + i;
                fx.job(id, 1, 1); // through the fixture's client: only create and finish go through the small pool
                store.create(fx.store.job(id).orElseThrow().plan().withJobId(id + "b"), List.of());
                assertThat(store.cancel(id + "b")).isEqualTo(1);
                assertThat(maintenance.beginFinish(id + "b")).isTrue();
                assertThat(maintenance.finish(id + "b", JobState.CANCELLED, null, System.currentTimeMillis())).isTrue();
            }

            assertThat(small.getPool().getNumActive()).as("connections still borrowed").isZero();
            assertThat(clients(name)).as("connections open to Redis").isBetween(1L, 2L);
        }
    }

    @Test
    void everyTaskSitsInTheIndexOfItsStateAndNoOtherThroughAnyMixOfTransitions() throws Exception {
        fx.job("j1", 60, 2);
        Random random = new Random(7);
        List<Lease> held = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> fx.queue.claim("w", step % 5 == 0 ? Duration.ofMillis(1) : LEASE).ifPresent(held::add);
                case 2 -> pop(held, random).ifPresent(l -> fx.queue.commit(l, new PartReport(3, 10, "k" + l.taskId(), "u", List.of("e"), 1)));
                case 3 -> pop(held, random).ifPresent(l -> fx.queue.fail(l, random.nextBoolean() ? FailureKind.SOURCE_UNREACHABLE : FailureKind.SOURCE_PERMISSION, "boom", Duration.ZERO));
                case 4 -> pop(held, random).ifPresent(l -> fx.queue.release(l, "shutdown"));
                default -> fx.maintenance.expireLeases(100);
            }
            if (step == 300) {
                fx.store.retryFailed("j1", 1);
            }
            Thread.sleep(step % 50 == 0 ? 2 : 0);
        }
        fx.store.cancel("j1");
        fx.store.retryFailed("j1", 1); // refused while cancelling: indexes stay as they are

        assertIndexesMatchTasks("j1");
    }

    @Test
    void listingOneStateReadsOnlyThatStateInPlanOrder() {
        fx.job("j1", 500, 1);
        for (int i = 0; i < 3; i++) {
            Lease lease = fx.queue.claim("w", LEASE).orElseThrow();
            fx.queue.fail(lease, FailureKind.SOURCE_PERMISSION, "denied " + i, Duration.ZERO);
        }

        List<TaskRecord> failed = fx.store.tasks("j1", TaskState.FAILED, 0, 2);

        assertThat(failed).extracting(TaskRecord::id).containsExactly("j1.0.0", "j1.0.1");
        assertThat(fx.store.tasks("j1", TaskState.FAILED, 2, 10)).extracting(TaskRecord::id).containsExactly("j1.0.2");
        assertThat(fx.store.taskCount("j1", TaskState.PENDING)).isEqualTo(497);
        assertThat(fx.store.tasks("j1", TaskState.PENDING, 0, 1)).extracting(TaskRecord::id).containsExactly("j1.0.3");
    }

    @Test
    void cancellingAJobTakesItsTasksOffTheQueueSoTheNextJobIsClaimedAtOnce() {
        fx.job("big", 2000, 1);
        fx.job("next", 2, 1);

        assertThat(fx.store.cancel("big")).isEqualTo(2000);

        assertThat(fx.redis.lrange(fx.keys.pending(), 0, -1)).containsExactly("next.0.1", "next.0.0");
        assertThat(fx.queue.claim("w", LEASE).orElseThrow().taskId()).isEqualTo("next.0.0");
        assertThat(fx.store.taskCount("big", TaskState.FAILED)).isEqualTo(2000);
        assertThat(fx.store.job("big").orElseThrow().failed()).isEqualTo(2000);
    }

    @Test
    void aJobIdInUseCannotBeReservedAgain() {
        fx.job("j1", 1, 1);

        assertThat(fx.store.reserve("j1", List.of(), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.ID_TAKEN);
        assertThat(fx.store.reserve("j2", List.of(), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.RESERVED);
        assertThat(fx.store.reserve("j2", List.of(), Duration.ofMinutes(1)).outcome()).as("reserved by a submit in flight")
                .isEqualTo(JobStore.Reservation.Outcome.ID_TAKEN);
    }

    @Test
    void aRunFolderHasOneWriterFromReservationUntilItsJobFinishes() {
        String folder = fx.keys.writer("bucket", "out/orders/run=1/");
        assertThat(fx.store.reserve("a", List.of(folder), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.RESERVED);

        JobStore.Reservation second = fx.store.reserve("b", List.of(folder), Duration.ofMinutes(1));
        assertThat(second.outcome()).as("while a is being submitted").isEqualTo(JobStore.Reservation.Outcome.FOLDER_BUSY);
        assertThat(second.holder()).isEqualTo("a");

        fx.job("a", 1, 1, List.of(folder));
        assertThat(fx.redis.ttl(folder)).as("permanent once created").isEqualTo(-1);
        assertThat(fx.store.reserve("b", List.of(folder), Duration.ofMinutes(1)).outcome()).as("while a runs")
                .isEqualTo(JobStore.Reservation.Outcome.FOLDER_BUSY);

        fail("a");
        assertThat(fx.redis.exists(folder)).as("freed when a finished").isFalse();
        assertThat(fx.store.reserve("b", List.of(folder), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.RESERVED);

        JobStore.Retry retry = fx.store.retryFailed("a", 1);
        assertThat(retry.folderBusy()).as("a cannot take its folder back while b is being submitted").isTrue();
        assertThat(retry.holder()).isEqualTo("b");
        assertThat(fx.store.job("a").orElseThrow().state()).isEqualTo(JobState.FAILED);

        fx.store.unreserve("b", List.of(folder));
        assertThat(fx.store.retryFailed("a", 1).requeued()).isEqualTo(1);
        assertThat(fx.redis.get(folder)).isEqualTo("a");
    }

    @Test
    void theActiveTaskCountFollowsJobsInAndOutOfTheActiveSet() {
        fx.job("a", 5, 1);
        fx.job("b", 7, 1);
        assertThat(fx.store.activeTaskCount()).isEqualTo(12);

        fail("a");
        assertThat(fx.store.activeTaskCount()).isEqualTo(7);

        fx.store.retryFailed("a", 1);
        assertThat(fx.store.activeTaskCount()).isEqualTo(12);
    }

    @Test
    void retentionRemovesTheOldestFinishedJobsWithEveryKeyAndLeavesTheRest() {
        for (int i = 0; i < 5; i++) {
            fx.job("old" + i, 30, 1);
            fail("old" + i);
        }
        fx.job("running", 3, 1);
        Set<String> keysOfRunning = keys("running");

        List<String> due = fx.retention.due(System.currentTimeMillis(), Duration.ofDays(1), 2, 100);
        assertThat(due).containsExactly("old0", "old1", "old2");
        for (String id : due) {
            assertThat(fx.retention.forget(id)).isTrue();
            assertThat(fx.store.job(id)).as("gone from the API at once").isEmpty();
            while (!fx.retention.sweep(id, 7)) {
                assertThat(fx.retention.forgetting()).contains(id);
            }
        }

        assertThat(fx.retention.forget("running")).as("an active job is never removed").isFalse();
        for (String id : due) {
            assertThat(keys(id)).as("keys left of " + id).isEmpty();
        }
        assertThat(fx.retention.forgetting()).isEmpty();
        assertThat(fx.store.jobIds(0, 100)).containsExactlyInAnyOrder("old3", "old4", "running");
        assertThat(keys("running")).isEqualTo(keysOfRunning);
        assertThat(fx.retention.due(System.currentTimeMillis(), Duration.ofDays(1), 2, 100)).isEmpty();
        assertThat(fx.retention.due(System.currentTimeMillis() + Duration.ofDays(2).toMillis(), Duration.ofDays(1), 2, 100))
                .containsExactly("old3", "old4");
    }

    @Test
    void aJobBeingRemovedCannotBeRecreatedUnderItsIdUntilItIsGone() {
        fx.job("j1", 3, 1);
        fail("j1");
        fx.retention.forget("j1");

        assertThat(fx.store.reserve("j1", List.of(), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.ID_TAKEN);

        while (!fx.retention.sweep("j1", 100)) {
            // sweeping
        }
        assertThat(fx.store.reserve("j1", List.of(), Duration.ofMinutes(1)).outcome()).isEqualTo(JobStore.Reservation.Outcome.RESERVED);
    }

    /** Fails every pending task of the job and finishes it FAILED. */
    private void fail(String jobId) {
        Lease lease;
        int guard = 0;
        while (fx.store.job(jobId).orElseThrow().pending() > 0 && (lease = fx.queue.claim("w", LEASE).orElseThrow()) != null && guard++ < 10_000) {
            fx.queue.fail(lease, FailureKind.SOURCE_PERMISSION, "denied", Duration.ZERO);
        }
        assertThat(fx.maintenance.beginFinish(jobId)).isTrue();
        assertThat(fx.maintenance.finish(jobId, JobState.FAILED, "failed", System.currentTimeMillis())).isTrue();
    }

    private void assertIndexesMatchTasks(String jobId) {
        Map<TaskState, Set<String>> indexed = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            indexed.put(state, new HashSet<>(fx.redis.zrange(fx.keys.jobTasks(jobId, state), 0, -1)));
        }
        Map<TaskState, Long> counted = new EnumMap<>(TaskState.class);
        for (TaskRecord task : fx.store.allTasks(jobId)) {
            counted.merge(task.state(), 1L, Long::sum);
            for (TaskState state : TaskState.values()) {
                assertThat(indexed.get(state).contains(task.id())).as(task.id() + " (" + task.state() + ") in the " + state + " index")
                        .isEqualTo(state == task.state());
            }
        }
        JobRecord job = fx.store.job(jobId).orElseThrow();
        assertThat(indexed.get(TaskState.PENDING)).hasSize((int) job.pending());
        assertThat(indexed.get(TaskState.PROGRESS)).hasSize((int) job.progress());
        assertThat(indexed.get(TaskState.SUCCESS)).hasSize((int) job.success());
        assertThat(indexed.get(TaskState.FAILED)).hasSize((int) job.failed());
        assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(job.total());
    }

    private static <T> java.util.Optional<T> pop(List<T> list, Random random) {
        return list.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(list.remove(random.nextInt(list.size())));
    }

    /** Every key of the fixture's namespace that names the job. */
    private Set<String> keys(String jobId) {
        Set<String> found = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(fx.prefix + "*").count(1000);
        do {
            ScanResult<String> page = fx.redis.scan(cursor, params);
            for (String key : page.getResult()) {
                if (key.contains(":" + jobId + ":") || key.endsWith(":" + jobId) || key.contains(":" + jobId + ".")) {
                    found.add(key);
                }
            }
            cursor = page.getCursor();
        } while (!"0".equals(cursor));
        return found;
    }

    private long clients(String name) {
        return TestServices.redisClients(fx.redis, name);
    }
}
