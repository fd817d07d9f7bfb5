package io.extractor.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.TaskState;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.JobRecord;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskRecord;
import io.extractor.testkit.ParquetVerifier;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.extractor.worker.WorkerHarness;
import io.extractor.source.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks run against the real MariaDB, Redis and S3Proxy; the parts are read back with DuckDB and compared with
 * the source value by value.
 */
class TaskRunnerTest {
    private static S3ProxyServer s3;
    private static final String BUCKET = TestServices.unique("bucket");
    private WorkerHarness worker;
    private String table;

    @TempDir
    Path downloads;

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
    void setUp() {
        worker = new WorkerHarness(s3, BUCKET);
        table = TestServices.uniqueTable("types");
    }

    @AfterEach
    void tearDown() throws Exception {
        worker.close();
        sql("DROP TABLE IF EXISTS " + table);
    }

    @Test
    void everyTypeSurvivesValueByValueIncludingNullsExtremesAndGaps() throws Exception {
        SourceTables.createAllTypes(table);

        JobPlan plan = worker.submit(spec(table, 100L));
        assertThat(plan.table(0).taskCount()).as("ids -5..1050 in ranges of 100").isEqualTo(11);
        worker.drain();

        JobRecord job = worker.job(plan.jobId());
        assertThat(worker.store.allTasks(plan.jobId())).extracting(TaskRecord::state).containsOnly(TaskState.SUCCESS);
        assertThat(job.success()).isEqualTo(11);
        List<Path> parts = worker.parts(plan, 0, downloads);
        assertThat(parts).as("only ranges [-5, 95) and [995, 1051) hold rows; empty ranges write no part").hasSize(2);
        ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", parts);
        assertThat(result.differences()).isEmpty();
        assertThat(result.parquetRows()).isEqualTo(result.sourceRows()).isEqualTo(job.rows()).isEqualTo(55);
    }

    @Test
    void aTablePlannedByRowsIsExtractedExactlyOnceAcrossItsTasks() throws Exception {
        SourceTables.createOrders(table, 20_000);
        sql("ANALYZE TABLE " + table);

        JobPlan plan = worker.submit(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, null, null, null, null, 4000L))));
        assertThat(plan.table(0).plannedByRows()).isTrue();
        assertThat(plan.table(0).taskCount()).as("20,000 rows at about 4,000 per task").isBetween(3L, 12L);
        worker.drain();

        JobRecord job = worker.job(plan.jobId());
        assertThat(worker.store.allTasks(plan.jobId())).extracting(TaskRecord::state).containsOnly(TaskState.SUCCESS);
        assertThat(worker.store.allTasks(plan.jobId())).allSatisfy(t -> assertThat(t.estimatedRows()).isPositive());
        ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", worker.parts(plan, 0, downloads));
        assertThat(result.differences()).isEmpty();
        assertThat(result.parquetRows()).isEqualTo(result.sourceRows()).isEqualTo(job.rows()).isEqualTo(20_000);
    }

    @Test
    void parquetTypesAreTheOnesSparkAndDuckDbUsersExpect() throws Exception {
        SourceTables.createAllTypes(table);
        JobPlan plan = worker.submit(spec(table, 10_000L));
        worker.drain();

        Map<String, String> types = duckTypes(worker.parts(plan, 0, downloads).getFirst());

        assertThat(types).containsAllEntriesOf(Map.ofEntries(
                Map.entry("ti", "TINYINT"), Map.entry("tu", "UTINYINT"), Map.entry("si", "SMALLINT"), Map.entry("su", "USMALLINT"),
                Map.entry("mi", "INTEGER"), Map.entry("mu", "INTEGER"), Map.entry("i", "INTEGER"), Map.entry("iu", "UINTEGER"),
                Map.entry("bi", "BIGINT"), Map.entry("bu", "UBIGINT"), Map.entry("b1", "BOOLEAN"), Map.entry("bt", "BOOLEAN"),
                Map.entry("b9", "BIGINT"), Map.entry("b64", "UBIGINT"), Map.entry("f", "FLOAT"), Map.entry("d", "DOUBLE"),
                Map.entry("d92", "DECIMAL(9,2)"), Map.entry("d184", "DECIMAL(18,4)"), Map.entry("d3810", "DECIMAL(38,10)"),
                Map.entry("d65", "VARCHAR"), Map.entry("dt", "DATE"), Map.entry("dtm", "TIMESTAMP"), Map.entry("dtm6", "TIMESTAMP"),
                Map.entry("ts", "TIMESTAMP WITH TIME ZONE"), Map.entry("tm6", "TIME"), Map.entry("yr", "SMALLINT"),
                Map.entry("vc", "VARCHAR"), Map.entry("l1", "VARCHAR"), Map.entry("bl", "BLOB"), Map.entry("j", "JSON"),
                Map.entry("e", "VARCHAR"), Map.entry("st", "VARCHAR")));
    }

    @Test
    void emptyTableStillGetsOnePartWithItsSchema() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, name VARCHAR(10))");

        JobPlan plan = worker.submit(spec(table, 10L));
        worker.drain();

        List<Path> parts = worker.parts(plan, 0, downloads);
        assertThat(parts).hasSize(1);
        assertThat(duckTypes(parts.getFirst())).containsEntry("id", "INTEGER").containsEntry("name", "VARCHAR");
        assertThat(ParquetVerifier.compare(table, "id", parts).parquetRows()).isZero();
        assertThat(worker.job(plan.jobId()).success()).isEqualTo(1);
    }

    @Test
    void unsignedIdsNear2To64AndOneRowTablesAreExtracted() throws Exception {
        sql("CREATE TABLE " + table + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v VARCHAR(10))");
        sql("INSERT INTO " + table + " VALUES (18446744073709551615, 'max'), (18446744073709551600, 'near'), (9223372036854775808, 'half')");

        JobPlan plan = worker.submit(spec(table, 1_000_000_000_000_000_000L));
        worker.drain();

        assertThat(plan.table(0).maxId()).hasToString("18446744073709551615");
        ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", worker.parts(plan, 0, downloads));
        assertThat(result.differences()).isEmpty();
        assertThat(result.parquetRows()).isEqualTo(3);
    }

    @Test
    void aTimeOutsideTheDayFailsTheTaskWithoutRetryAndSaysWhatToDo() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, t TIME)");
        sql("INSERT INTO " + table + " VALUES (1, '10:00:00'), (2, '-01:30:00')");

        JobPlan plan = worker.submit(spec(table, 100L));
        worker.drain();

        TaskRecord task = worker.store.allTasks(plan.jobId()).getFirst();
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.attempt()).as("not retried").isEqualTo(1);
        assertThat(task.error()).contains("column t", "-1:30:00", "leave the column out", "\"types\": {\"t\": \"duration\"}");
        assertThat(task.errorKind()).isEqualTo(FailureKind.VALUE_OUT_OF_RANGE);
        assertThat(S3Objects.keys(worker.s3, BUCKET, worker.prefix)).as("nothing published").isEmpty();
    }

    @Test
    void aTinyint1HoldingMoreThanABitFailsRatherThanBeingSquashedToTrue() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, flag TINYINT(1))");
        sql("INSERT INTO " + table + " VALUES (1, 1), (2, 2)");

        JobPlan plan = worker.submit(spec(table, 100L));
        worker.drain();

        TaskRecord task = worker.store.allTasks(plan.jobId()).getFirst();
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).contains("column flag", "holds 2", "tinyint1-as-boolean=false", "\"types\": {\"flag\": \"int8\"}");
    }

    @Test
    void whereFilterAndColumnListShapeTheOutput() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, status VARCHAR(10), amount DECIMAL(10,2), note TEXT)");
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 1; i <= 500; i++) {
            insert.append(i > 1 ? "," : "").append("(").append(i).append(", '").append(i % 3 == 0 ? "void" : "paid").append("', ")
                    .append(i).append(".25, 'n").append(i).append("')");
        }
        sql(insert.toString());

        JobPlan plan = worker.submit(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, List.of("id", "amount"), "status <> 'void'", 70L))));
        worker.drain();

        List<Path> parts = worker.parts(plan, 0, downloads);
        assertThat(duckTypes(parts.getFirst()).keySet()).containsExactly("id", "amount");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), sum(amount) FROM read_parquet(" + list(parts) + ")")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(334);
            assertThat(rs.getLong(2)).isEqualTo(334);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("83750.50");
        }
    }

    @Test
    void aServerSideCursorReadsTheSameRowsAsStreaming() throws Exception {
        SourceTables.createAllTypes(table);
        WorkerSettings streaming = WorkerHarness.settings(Duration.ofSeconds(30));
        WorkerSettings cursor = WorkerHarness.settings(Duration.ofSeconds(30), Duration.ofMillis(10), Map.of("extractor.worker.fetch-size", "7"));
        try (WorkerHarness fetching = new WorkerHarness(s3, BUCKET, cursor)) {
            JobPlan plan = fetching.submit(spec(table, 1000L));
            fetching.drain();

            ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", fetching.parts(plan, 0, downloads));
            assertThat(result.differences()).isEmpty();
            assertThat(result.parquetRows()).isEqualTo(55);
        }
    }

    @Test
    void retryableFailuresBackOffExponentiallyThenFailWithTheirCause() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY)");
        sql("INSERT INTO " + table + " VALUES (1)");
        SourceSettings unreachable = new SourceSettings("db", "jdbc:mysql://127.0.0.1:1/test?connectTimeout=500", "root", null);
        try (WorkerHarness broken = new WorkerHarness(s3, BUCKET, WorkerHarness.settings(Duration.ofSeconds(30), Duration.ofMillis(400)), unreachable)) {
            JobPlan plan = broken.submit(spec(table, 100L));
            List<Long> claims = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!broken.job(plan.jobId()).allTasksDone() && System.nanoTime() < deadline) {
                var lease = broken.queue.claim("test-worker", Duration.ofSeconds(30));
                if (lease.isPresent()) {
                    claims.add(System.nanoTime());
                    broken.runner.run(lease.get());
                } else {
                    Thread.sleep(20);
                }
            }

            TaskRecord task = broken.store.allTasks(plan.jobId()).getFirst();
            assertThat(task.state()).isEqualTo(TaskState.FAILED);
            assertThat(task.attempt()).isEqualTo(3);
            assertThat(task.error()).contains("connection failed or lost", "attempt 3").doesNotContain("127.0.0.1");
            assertThat(task.errorKind()).isEqualTo(FailureKind.SOURCE_UNREACHABLE);
            assertThat(claims).hasSize(3);
            // backoff is 400 ms doubled per attempt, with jitter taking off up to half
            assertThat(Duration.ofNanos(claims.get(1) - claims.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(claims.get(2) - claims.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void aTableDroppedAfterPlanningFailsItsTaskAtOnceWithTheReason() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY)");
        sql("INSERT INTO " + table + " VALUES (1)");
        JobPlan plan = worker.submit(spec(table, 100L));
        sql("DROP TABLE " + table);

        worker.drain();

        TaskRecord task = worker.store.allTasks(plan.jobId()).getFirst();
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.attempt()).as("not retried").isEqualTo(1);
        assertThat(task.error()).contains("no longer exists", "restore it or submit a new job");
        assertThat(task.errorKind()).isEqualTo(FailureKind.SOURCE_SCHEMA);
    }

    @Test
    void anUnexpectedExceptionIsAnInternalFailureRetriedOnceThoughMoreAttemptsAreLeft() throws Exception {
        sql("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY)");
        sql("INSERT INTO " + table + " VALUES (1)");
        try (WorkerHarness quick = new WorkerHarness(s3, BUCKET, WorkerHarness.settings(Duration.ofSeconds(30), Duration.ofMillis(50)))) {
            JobPlan plan = quick.submit(spec(table, 100L));
            // a plan the worker cannot parse: no source, sink or data error, a bug as far as the worker can tell
            quick.redis.hset(quick.keys.job(plan.jobId()), RedisKeys.JobField.PLAN.field(), "{\"jobId\": [");
            String taskId = new TaskRef(plan.jobId(), 0, 0).id();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (quick.store.task(taskId).orElseThrow().state() != TaskState.FAILED && System.nanoTime() < deadline) {
                var lease = quick.queue.claim("test-worker", Duration.ofSeconds(30));
                if (lease.isPresent()) {
                    quick.runner.run(lease.get());
                } else {
                    Thread.sleep(20);
                }
            }

            TaskRecord task = quick.store.task(taskId).orElseThrow();
            assertThat(task.state()).isEqualTo(TaskState.FAILED);
            assertThat(task.errorKind()).isEqualTo(FailureKind.INTERNAL);
            assertThat(task.maxAttempt()).as("attempts the task had").isEqualTo(3);
            assertThat(task.attempt()).as("retried once, not up to maxAttempts").isEqualTo(2);
            assertThat(task.error()).contains("unexpected");
        }
    }

    private static JobSpec spec(String table, Long chunk) {
        return new JobSpec("db", "s3", null, null, null, List.of(new TableSpec(table, null, null, null, chunk)));
    }

    private static Map<String, String> duckTypes(Path part) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + part + "')")) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return types;
    }

    private static String list(List<Path> parts) {
        return parts.stream().map(p -> "'" + p + "'").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static void sql(String sql) throws Exception {
        try (Connection c = TestServices.mysql(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
