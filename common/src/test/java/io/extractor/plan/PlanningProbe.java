package io.extractor.plan;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkSettings;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import io.extractor.source.TableInfo;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: measures planning on the skewed table of issue 9 (7M dense ids, then 3M ids spread over a 300M-wide
 * tail), creating it when absent, and prints task count, rows per task (real COUNT(*)) and planning time and
 * queries, for the default spec and for {@code chunkSize} 100000. Run with
 * {@code ./mvnw -pl common test -Dtest=PlanningProbe -Dprobe.table=plan_skew_10m -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "probe.table", matches = "\\w+")
class PlanningProbe {
    @Test
    void probe() throws Exception {
        String table = System.getProperty("probe.table");
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SHOW TABLES LIKE '" + table + "'")) {
                if (!rs.next()) {
                    SourceTables.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(16) NOT NULL,"
                                    + " amount DECIMAL(12,2) NOT NULL, note VARCHAR(64))",
                            "INSERT INTO " + table + " SELECT seq, 'paid', seq % 10000 / 100, CONCAT('dense ', seq) FROM seq_1_to_7000000",
                            "INSERT INTO " + table + " SELECT 7000000 + seq * 100, 'open', seq % 10000 / 100, CONCAT('tail ', seq)"
                                    + " FROM seq_1_to_3000000",
                            "ANALYZE TABLE " + table);
                }
            }
        }
        SourceSettings source = new SourceSettings("db", TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String bucket = TestServices.unique("probe");
            s3.createBucket(bucket);
            try (Sink sink = Sink.open(new SinkSettings("s3", Optional.of(s3.endpoint()), S3ProxyServer.REGION, bucket, "p", true,
                    Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY)))) {
                JobPlanner planner = new JobPlanner(Map.of("db", source), Map.of("s3", sink), PlannerSettings.defaults(), Clock.systemUTC());
                for (Long chunk : new Long[] {null, 100_000L}) {
                    long best = Long.MAX_VALUE;
                    TablePlan plan = null;
                    for (int round = 0; round < 5; round++) {
                        long start = System.nanoTime();
                        plan = planner.plan(new JobSpec("db", "s3", null, null, null, List.of(new TableSpec(table, null, null, null, chunk)))).table(0);
                        best = Math.min(best, System.nanoTime() - start);
                    }
                    List<Long> counts = chunk == null ? countPerRange(table, plan) : countPerWidth(table, plan);
                    Collections.sort(counts);
                    System.out.printf("PROBE %s: %d tasks, rows per task min %d / median %d / max %d, planning %d ms (best of 5, whole submit check)%n",
                            chunk == null ? "default (targetRows " + plan.targetRows() + ")" : "chunkSize " + chunk, plan.taskCount(),
                            counts.getFirst(), counts.get(counts.size() / 2), counts.getLast(), best / 1_000_000);
                }
            }
        }
        SourceDialect dialect = SourceDialect.of(source);
        try (Connection connection = dialect.open(source, Duration.ofSeconds(30))) {
            Catalog catalog = dialect.catalog(connection);
            TableInfo info = catalog.table("test", table).orElseThrow();
            ColumnInfo id = info.column("id").orElseThrow();
            Catalog.IdBounds bounds = catalog.bounds(info, id, 30).orElseThrow();
            long start = System.nanoTime();
            RowSplitter.Split split = RowSplitter.split(bounds.min(), bounds.max(), PlannerSettings.defaults().targetRows(),
                    PlannerSettings.defaults().maxEstimates(), 100_000, catalog.estimateTableRows(info, 30),
                    range -> catalog.estimateRows(info, id, range, dialect.idTypeMax(id), 30)).orElseThrow();
            System.out.printf("PROBE estimates: %d EXPLAIN queries in %d ms; estimates %s%n", split.queries(), (System.nanoTime() - start) / 1_000_000,
                    split.ranges().stream().map(EstimatedRange::rows).toList());
        }
    }

    private static List<Long> countPerRange(String table, TablePlan plan) throws Exception {
        List<Long> counts = new ArrayList<>();
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement()) {
            for (long seq = 0; seq < plan.taskCount(); seq++) {
                IdRange range = plan.range(seq);
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE id >= " + range.lo() + " AND id < " + range.hi())) {
                    rs.next();
                    counts.add(rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Rows per uniform range in one scan; ranges without a row count as 0. */
    private static List<Long> countPerWidth(String table, TablePlan plan) throws Exception {
        List<Long> counts = new ArrayList<>();
        BigInteger min = plan.minId();
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table + " GROUP BY (id - " + min + ") DIV " + plan.chunkSize())) {
            while (rs.next()) {
                counts.add(rs.getLong(1));
            }
        }
        while (counts.size() < plan.taskCount()) {
            counts.add(0L);
        }
        return counts;
    }
}
