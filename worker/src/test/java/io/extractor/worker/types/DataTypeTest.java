package io.extractor.worker.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.TaskState;
import io.extractor.plan.JobPlan;
import io.extractor.queue.TaskRecord;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.extractor.worker.WorkerHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * Round trips of single values through the real path, in the style of Trino's {@code SqlDataTypeTest}: a MariaDB
 * table with one column per case, planned (with the cases' type choices) and run by a task into Parquet, read back
 * with DuckDB. Each case checks the type DuckDB reads and the value as DuckDB prints it; a failure names the
 * case's column type, literal and choice.
 */
final class DataTypeTest {
    private record Case(String type, String literal, String choice, String duckType, String duckValue) {
        @Override
        public String toString() {
            return type + " " + literal + (choice == null ? "" : " as \"" + choice + "\"");
        }
    }

    private final List<Case> cases = new ArrayList<>();

    static DataTypeTest create() {
        return new DataTypeTest();
    }

    /** @param duckValue the value as {@code CAST(... AS VARCHAR)} in DuckDB, or null for NULL */
    DataTypeTest addRoundTrip(String type, String literal, String duckType, String duckValue) {
        return addRoundTrip(type, literal, null, duckType, duckValue);
    }

    /** @param choice the table's {@code "types"} choice for the column */
    DataTypeTest addRoundTrip(String type, String literal, String choice, String duckType, String duckValue) {
        cases.add(new Case(type, literal, choice, duckType, duckValue));
        return this;
    }

    void execute(WorkerHarness worker, Path downloads) throws Exception {
        String table = TestServices.uniqueTable("datatype");
        StringBuilder create = new StringBuilder("CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY");
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES (1");
        Map<String, String> types = new LinkedHashMap<>();
        for (int c = 0; c < cases.size(); c++) {
            create.append(", c").append(c).append(' ').append(cases.get(c).type());
            insert.append(", ").append(cases.get(c).literal());
            if (cases.get(c).choice() != null) {
                types.put("c" + c, cases.get(c).choice());
            }
        }
        try {
            SourceTables.sql(create.append(") DEFAULT CHARSET = utf8mb4").toString(), "SET time_zone = '+00:00'", insert.append(')').toString());
            JobPlan plan = worker.submit(new JobSpec("db", "s3", null, null, null, List.of(new TableSpec(table, null, null, null, null, types))));
            worker.drain();
            TaskRecord task = worker.store.allTasks(plan.jobId()).getFirst();
            assertThat(task.state()).as("task of " + cases + ": " + task.error()).isEqualTo(TaskState.SUCCESS);

            List<Path> parts = worker.parts(plan, 0, downloads);
            Map<String, String> duckTypes = new LinkedHashMap<>();
            List<String> values = new ArrayList<>();
            String files = parts.stream().map(p -> "'" + p + "'").collect(Collectors.joining(",", "[", "]"));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + files + ")")) {
                    while (rs.next()) {
                        duckTypes.put(rs.getString("column_name"), rs.getString("column_type"));
                    }
                }
                String select = java.util.stream.IntStream.range(0, cases.size()).mapToObj(c -> "CAST(c" + c + " AS VARCHAR)")
                        .collect(Collectors.joining(", "));
                try (ResultSet rs = s.executeQuery("SELECT " + select + " FROM read_parquet(" + files + ")")) {
                    assertThat(rs.next()).as("one row").isTrue();
                    for (int c = 0; c < cases.size(); c++) {
                        values.add(rs.getString(c + 1));
                    }
                }
            }
            SoftAssertions soft = new SoftAssertions();
            for (int c = 0; c < cases.size(); c++) {
                Case one = cases.get(c);
                soft.assertThat(duckTypes.get("c" + c)).as(one + ": DuckDB type").isEqualTo(one.duckType());
                soft.assertThat(values.get(c)).as(one + ": value").isEqualTo(one.duckValue());
            }
            soft.assertAll();
        } finally {
            SourceTables.sql("DROP TABLE IF EXISTS " + table);
        }
    }
}
