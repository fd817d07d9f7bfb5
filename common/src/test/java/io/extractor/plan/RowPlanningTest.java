package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkSettings;
import io.extractor.source.SourceSettings;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Planning by rows against real MariaDB tables: whatever the ids look like, the planned ranges tile
 * {@code [min, max]} (no gap, no overlap, the last ending at max + 1), and where InnoDB's estimates allow it each
 * range holds about the target, counted here with real COUNT(*), never taken from the planner's own estimates.
 */
class RowPlanningTest {
    private static final BigInteger TWO_63 = BigInteger.TWO.pow(63);
    private static final BigInteger TWO_64 = BigInteger.TWO.pow(64);

    private static S3ProxyServer s3;
    private static Sink sink;
    private static JobPlanner planner;
    private final List<String> tables = new ArrayList<>();

    @BeforeAll
    static void startSink() {
        s3 = S3ProxyServer.start();
        String bucket = TestServices.unique("plan");
        s3.createBucket(bucket);
        sink = Sink.open(new SinkSettings("s3", Optional.of(s3.endpoint()), S3ProxyServer.REGION, bucket, TestServices.unique("prefix"), true,
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY)));
        SourceSettings source = new SourceSettings("db", TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
        planner = new JobPlanner(Map.of("db", source), Map.of("s3", sink), PlannerSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stopSink() {
        sink.close();
        s3.close();
    }

    @AfterEach
    void dropTables() throws SQLException {
        for (String table : tables) {
            SourceTables.sql("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void denseIdsAreSplitIntoTasksOfAboutTheTarget() throws Exception {
        String table = table("dense", "BIGINT", "SELECT seq FROM seq_1_to_60000");

        TablePlan plan = plan(table, 6000L);

        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 60_000, 6000);
    }

    @Test
    void sparseIdsMakeFewTasksRatherThanOnePerWidth() throws Exception {
        String table = table("sparse", "BIGINT", "SELECT seq * 1000 FROM seq_1_to_30000");

        TablePlan plan = plan(table, 5000L);

        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 30_000, 5000);
    }

    @Test
    void aHotSpotIsCutFinelyAndTheSparseRestCoarsely() throws Exception {
        String table = table("hot", "BIGINT", "SELECT seq * 5000 FROM seq_1_to_2000 UNION ALL SELECT 20000000 + seq FROM seq_1_to_40000");

        TablePlan plan = plan(table, 5000L);

        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 42_000, 5000);
    }

    @Test
    void hugeGapsBetweenClustersCostNoEmptyTasks() throws Exception {
        String table = table("gaps", "BIGINT", "SELECT seq FROM seq_1_to_3000 UNION ALL SELECT 1000000000000 + seq FROM seq_1_to_3000"
                + " UNION ALL SELECT 1000000000000000 + seq FROM seq_1_to_3000");

        TablePlan plan = plan(table, 2000L);

        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 9000, 2000);
    }

    @Test
    void idsAtBothEndsOfBigintTileTheWholeSignedRange() throws Exception {
        String table = table("bigint", "BIGINT", "SELECT CAST(seq AS SIGNED) - 9223372036854775807 - 2 FROM seq_1_to_10000"
                + " UNION ALL SELECT 9223372036854775807 - CAST(seq AS SIGNED) + 1 FROM seq_1_to_10000");

        TablePlan plan = plan(table, 3000L);

        assertThat(plan.minId()).isEqualTo(TWO_63.negate());
        assertThat(plan.maxId()).isEqualTo(TWO_63.subtract(BigInteger.ONE));
        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 20_000, 3000);
    }

    @Test
    void idsNearTheTopOfBigintUnsignedEndTheLastRangeAtTwoToTheSixtyFour() throws Exception {
        String table = table("unsigned", "BIGINT UNSIGNED", "SELECT seq FROM seq_0_to_999"
                + " UNION ALL SELECT 18446744073709551615 - seq + 1 FROM seq_1_to_20000");

        TablePlan plan = plan(table, 3000L);

        assertThat(plan.maxId()).isEqualTo(TWO_64.subtract(BigInteger.ONE));
        assertThat(plan.range(plan.taskCount() - 1).hi()).isEqualTo(TWO_64);
        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 21_000, 3000);
    }

    @Test
    void aSingleRowIsOneTaskOfOneId() throws Exception {
        String table = table("single", "BIGINT", "SELECT 42");

        TablePlan plan = plan(table, null);

        assertThat(plan.taskCount()).isEqualTo(1);
        assertThat(plan.range(0)).isEqualTo(IdRange.of(42, 43));
        assertThat(assertTiles(table, plan)).containsExactly(1L);
    }

    @Test
    void anEmptyTableIsOneTaskEstimatedAtNoRows() throws Exception {
        String table = table("empty", "BIGINT", null);

        TablePlan plan = plan(table, null);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.taskCount()).isEqualTo(1);
        assertThat(plan.estimatedRows(0)).isZero();
        assertThat(plan.range(0)).isEqualTo(IdRange.of(0, 0));
    }

    @Test
    void aNonUniqueSplitColumnKeepsEachValuesRowsInOneTask() throws Exception {
        String table = TestServices.uniqueTable("nonunique");
        tables.add(table);
        SourceTables.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, k BIGINT NOT NULL, KEY (k))",
                "INSERT INTO " + table + " (k) SELECT seq % 20 FROM seq_1_to_40000",
                "INSERT INTO " + table + " (k) SELECT 100 + seq FROM seq_1_to_10000",
                "ANALYZE TABLE " + table);

        TablePlan plan = planner.plan(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, "k", null, null, null, null, 1000L)))).table(0);

        List<Long> counts = assertTiles(table, "k", plan);
        for (int seq = 0; seq < counts.size(); seq++) {
            if (counts.get(seq) > 2 * 1000) {
                assertThat(plan.range(seq).width()).as("a range above the target is one value").isEqualTo(BigInteger.ONE);
            }
        }
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(50_000);
    }

    @Test
    void aWhereFilterLeavesTheRangesTilingTheWholeIdSpan() throws Exception {
        String table = table("where", "BIGINT", "SELECT seq FROM seq_1_to_30000");

        TablePlan plan = planner.plan(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, null, "id % 3 = 0", null, null, 5000L)))).table(0);

        assertThat(plan.where()).isEqualTo("id % 3 = 0");
        List<Long> counts = assertTiles(table, plan);
        assertNearTarget(counts, 30_000, 5000);
    }

    @Test
    void aChunkSizeStillSplitsUniformlyByIdWidth() throws Exception {
        String table = table("uniform", "BIGINT", "SELECT seq FROM seq_1_to_2500");

        TablePlan plan = planner.plan(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, null, null, 1000L)))).table(0);

        assertThat(plan.plannedByRows()).isFalse();
        assertThat(plan.taskCount()).isEqualTo(3);
        assertThat(plan.estimatedRows(0)).isNull();
        assertThat(plan.range(2)).isEqualTo(IdRange.of(2001, 2501));
    }

    @Test
    void chunkSizeAndTargetRowsTogetherAreRefusedNamingTargetRows() throws Exception {
        String table = table("both", "BIGINT", "SELECT seq FROM seq_1_to_10");

        assertThatThrownBy(() -> planner.plan(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, null, null, 1000L, null, 500L)))))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("tables[0].targetRows"));
    }

    @Test
    void aPlanByRowsSurvivesItsJsonAndVerifiesAsTiling() throws Exception {
        String table = table("json", "BIGINT", "SELECT seq FROM seq_1_to_20000");
        JobPlan plan = planner.plan(new JobSpec("db", "s3", null, null, null, List.of(new TableSpec(table, null, null, null, null, null, 4000L))));

        JobPlan read = io.extractor.queue.Json.read(io.extractor.queue.Json.write(plan), JobPlan.class);

        assertThat(read.table(0)).isEqualTo(plan.table(0));
        assertThat(read.table(0).starts()).hasSize((int) plan.table(0).taskCount());
        planner.verify(read, plan.jobId());
    }

    private String table(String what, String idType, String ids) throws SQLException {
        String table = TestServices.uniqueTable(what);
        tables.add(table);
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + table + " (id " + idType + " NOT NULL PRIMARY KEY, note VARCHAR(20) NOT NULL DEFAULT 'row')");
        if (ids != null) {
            statements.add("INSERT INTO " + table + " (id) " + ids);
        }
        statements.add("ANALYZE TABLE " + table); // estimates from current statistics
        SourceTables.sql(statements.toArray(String[]::new));
        return table;
    }

    private static TablePlan plan(String table, Long targetRows) throws Exception {
        TablePlan plan = planner.plan(new JobSpec("db", "s3", null, null, null,
                List.of(new TableSpec(table, null, null, null, null, null, targetRows)))).table(0);
        assertThat(plan.plannedByRows()).isTrue();
        assertThat(plan.targetRows()).isEqualTo(targetRows == null ? PlannerSettings.defaults().targetRows() : targetRows);
        return plan;
    }

    private static List<Long> assertTiles(String table, TablePlan plan) throws SQLException {
        return assertTiles(table, "id", plan);
    }

    /** The ranges tile [min, max], and each one's rows as COUNT(*) says; every row of the table is in one range. */
    private static List<Long> assertTiles(String table, String column, TablePlan plan) throws SQLException {
        assertThat(plan.range(0).lo()).isEqualTo(plan.minId());
        assertThat(plan.range(plan.taskCount() - 1).hi()).isEqualTo(plan.maxId().add(BigInteger.ONE));
        assertThat(plan.estimatedRows()).hasSize((int) plan.taskCount());
        List<Long> counts = new ArrayList<>();
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement()) {
            for (long seq = 0; seq < plan.taskCount(); seq++) {
                IdRange range = plan.range(seq);
                assertThat(range.width()).as("range %d is not empty", seq).isPositive();
                if (seq > 0) {
                    assertThat(range.lo()).as("range %d starts where the one before ends", seq).isEqualTo(plan.range(seq - 1).hi());
                }
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + column + " >= " + range.lo()
                        + " AND " + column + " < " + range.hi())) {
                    rs.next();
                    counts.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("rows in all ranges").isEqualTo(rs.getLong(1));
            }
        }
        return counts;
    }

    /** Loosely: no task over twice the target, and about as many tasks as the rows need (within a factor of 2). */
    private static void assertNearTarget(List<Long> counts, long rows, long target) {
        assertThat(counts).as("rows per task").allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2 * target));
        long needed = (rows + target - 1) / target;
        assertThat((long) counts.size()).as("tasks for %d rows at %d per task, counts %s", rows, target, counts)
                .isBetween(Math.max(1, needed / 2), 2 * needed + 1);
    }
}
