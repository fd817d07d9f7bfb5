package io.extractor.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.TaskState;
import io.extractor.plan.JobPlan;
import io.extractor.queue.Lease;
import io.extractor.queue.TaskRecord;
import io.extractor.source.SourceSettings;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.extractor.worker.WorkerHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What bounds a task: the rows it may hold, the time it may run, and the SQL mode its filter runs in. */
class TaskLimitsTest {
    private static S3ProxyServer s3;
    private static final String BUCKET = TestServices.unique("bucket");
    private String table;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void name() {
        table = TestServices.uniqueTable("limits");
    }

    @AfterEach
    void drop() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + table);
    }

    @Test
    void aRowLargerThanTheRowBudgetFailsItsTaskAtOnceAndTheOtherTasksRun() throws Exception {
        SourceTables.sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, payload LONGBLOB)");
        SourceTables.sql("INSERT INTO " + table + " VALUES (1, 'small'), (2, REPEAT('x', 6 * 1024 * 1024)), (3, 'small too')");
        WorkerSettings settings = WorkerHarness.settings(Duration.ofSeconds(30), Duration.ofMillis(10),
                Map.of("extractor.worker.max-row-bytes", "2M"));
        try (WorkerHarness worker = new WorkerHarness(s3, BUCKET, settings)) {
            JobPlan plan = worker.submit(spec(table, 1L, null));

            worker.drain();

            List<TaskRecord> tasks = worker.store.allTasks(plan.jobId());
            assertThat(tasks).extracting(TaskRecord::state).containsExactly(TaskState.SUCCESS, TaskState.FAILED, TaskState.SUCCESS);
            TaskRecord big = tasks.get(1);
            assertThat(big.attempt()).as("not retried into the same wall").isEqualTo(1);
            assertThat(big.error()).contains("ids [2, 3)", "larger than the worker accepts", "max-row-bytes, 2097152 bytes", "leave its large columns out");
        }
    }

    @Test
    void anAttemptPastTheTaskTimeoutIsStoppedAndGoesBackToBeRetried() throws Exception {
        SourceTables.sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY)");
        SourceTables.sql("INSERT INTO " + table + " SELECT seq FROM seq_1_to_500");
        WorkerSettings settings = WorkerHarness.settings(Duration.ofSeconds(30), Duration.ofSeconds(30), Map.of(
                "extractor.worker.max-rows-per-second", "20", // 500 rows would take 25 s
                "extractor.worker.task-timeout", "1s",
                "extractor.worker.max-row-bytes", "2M"));
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (WorkerHarness worker = new WorkerHarness(s3, BUCKET, settings)) {
            JobPlan plan = worker.submit(spec(table, 1000L, null));
            beats.scheduleWithFixedDelay(new Heartbeats(worker.queue, worker.runner, settings.lease(), settings.taskTimeout(), Duration.ofMillis(100), new RedisContact()), 100, 100,
                    TimeUnit.MILLISECONDS);
            Lease lease = worker.queue.claim("test-worker", settings.lease()).orElseThrow();

            long started = System.nanoTime();
            worker.runner.run(lease);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stopped near its 1 s limit").isLessThan(Duration.ofSeconds(15));
            TaskRecord task = worker.store.allTasks(plan.jobId()).getFirst();
            assertThat(task.state()).as("retryable: back to wait out its backoff").isEqualTo(TaskState.PENDING);
            assertThat(task.error()).contains("ran longer than extractor.worker.task-timeout (PT1S)", "smaller chunkSize");
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void aFilterRunsInTheExtractorsSqlModeWhateverTheSourceUrlSets() throws Exception {
        SourceTables.sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'b'), (4, 'c')");
        String url = TestServices.mysqlUrl() + (TestServices.mysqlUrl().contains("?") ? "&" : "?") + "sessionVariables=sql_mode='ANSI_QUOTES'";
        SourceSettings ansi = new SourceSettings("db", url, TestServices.mysqlUser(), TestServices.mysqlPassword());
        try (WorkerHarness worker = new WorkerHarness(s3, BUCKET, WorkerHarness.settings(Duration.ofSeconds(30)), ansi)) {
            JobPlan plan = worker.submit(spec(table, 100L, "code = \"b\""));

            worker.drain();

            assertThat(worker.job(plan.jobId()).rows()).as("\"b\" is the string b, as at the submit-time check").isEqualTo(2);
        }
    }

    private static JobSpec spec(String table, Long chunk, String where) {
        return new JobSpec("db", "s3", null, null, null, List.of(new TableSpec(table, null, null, where, chunk)));
    }
}
