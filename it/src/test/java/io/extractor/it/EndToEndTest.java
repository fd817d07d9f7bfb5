package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.ParquetVerifier;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.SelectOnlyUser;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole path as a user runs it: REST submit to the packaged coordinator, two packaged workers, the Redis
 * queue, MariaDB, and Parquet in S3 read back with DuckDB and compared with the source value by value. The
 * coordinator and workers reach the source as a user granted nothing but SELECT on the database, as the README's
 * "The source user" asks of a production one, and plan one table by the server's row estimates (EXPLAIN) and with a
 * {@code where}, so planning, its checks and extraction all run on that grant alone.
 */
class EndToEndTest {
    private final String types = TestServices.uniqueTable("types");
    private final String empty = TestServices.uniqueTable("empty");
    private final String single = TestServices.uniqueTable("single");
    private final String signed = TestServices.uniqueTable("signed");
    private final String unsigned = TestServices.uniqueTable("unsigned");
    private final String planned = TestServices.uniqueTable("planned");

    @TempDir
    Path downloads;

    @AfterEach
    void dropTables() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + String.join(", ", types, empty, single, signed, unsigned, planned));
    }

    @Test
    void aJobOverSeveralTablesLandsInS3ExactlyAsTheSourceHoldsIt() throws Exception {
        SourceTables.createAllTypes(types);
        SourceTables.sql(
                "CREATE TABLE " + empty + " (id INT NOT NULL PRIMARY KEY, note VARCHAR(10))",
                "CREATE TABLE " + single + " (id SMALLINT UNSIGNED NOT NULL PRIMARY KEY, note VARCHAR(10))",
                "INSERT INTO " + single + " VALUES (65535, '하나')",
                "CREATE TABLE " + signed + " (id INT NOT NULL PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO " + signed + " VALUES (-2147483648, 'min'), (-1000, 'a'), (-999, 'b'), (-990, 'c'), (0, 'zero'), (5, NULL), (2147483647, 'max')",
                "CREATE TABLE " + unsigned + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO " + unsigned + " VALUES (0, 'zero'), (9223372036854775807, 'i64 max'), (9223372036854775808, 'i64 max + 1'),"
                        + " (18446744073709551614, 'u64 max - 1'), (18446744073709551615, 'u64 max')",
                "CREATE TABLE " + planned + " (id INT NOT NULL PRIMARY KEY, note VARCHAR(20), grp TINYINT NOT NULL)",
                "INSERT INTO " + planned + " SELECT seq, CONCAT('row ', seq), seq % 3 FROM seq_1_to_3000",
                "ANALYZE TABLE " + planned);
        Map<String, Long> chunks = new LinkedHashMap<>();
        chunks.put(types, 100L);
        chunks.put(empty, 1000L);
        chunks.put(single, 10L);
        chunks.put(signed, 1_000_000_000L);
        chunks.put(unsigned, 4_000_000_000_000_000_000L);
        List<Map<String, Object>> tables = new ArrayList<>();
        chunks.forEach((table, chunk) -> tables.add(Map.of("table", table, "chunkSize", chunk)));
        String where = "grp <> 0";
        tables.add(Map.of("table", planned, "targetRows", 500L, "where", where));

        try (SelectOnlyUser user = SelectOnlyUser.create(); Cluster cluster = new Cluster("e2e").sourceUser(user.name(), user.password())) {
            cluster.startCoordinator();
            cluster.startWorker();
            cluster.startWorker();

            JsonNode submitted = cluster.submit(Map.of("source", "db", "sink", "s3", "tables", tables));
            String id = submitted.path("id").asText();
            JsonNode job = cluster.await(id, Duration.ofMinutes(3));

            assertThat(job.path("state").asText()).as("job error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            JsonNode byRows = job.path("tables").get(chunks.size());
            assertThat(byRows.path("estimates").asInt()).as("EXPLAIN estimates planning %s", planned).isPositive();
            assertThat(byRows.path("tasks").asLong()).as("tasks of about 500 of its 3,000 ids' rows").isGreaterThan(1);
            assertThat(job.path("tasks").path("total").asLong()).isEqualTo(11 + 1 + 1 + 5 + 5 + byRows.path("tasks").asLong());
            assertThat(job.path("rowsWritten").asLong()).isEqualTo(55 + 0 + 1 + 7 + 5 + 2000);
            JsonNode tasks = cluster.tasks(id);
            for (JsonNode task : tasks) {
                assertThat(task.path("state").asText()).isEqualTo("SUCCESS");
                assertThat(task.path("worker").asText()).isIn("worker-1", "worker-2");
            }

            Map<String, String> wheres = new LinkedHashMap<>();
            chunks.keySet().forEach(table -> wheres.put(table, null));
            wheres.put(planned, where);
            try (S3Client s3 = cluster.s3.client()) {
                for (String table : wheres.keySet()) {
                    String folder = "out/" + table + "/run=" + id + "/";
                    Path dir = downloads.resolve(table);
                    java.nio.file.Files.createDirectories(dir);
                    List<Path> parts = S3Objects.downloadParquet(s3, cluster.bucket, folder, dir);
                    ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", wheres.get(table), parts);
                    assertThat(result.differences()).as(table).isEmpty();
                    assertThat(result.parquetRows()).as(table).isEqualTo(result.sourceRows());

                    JsonNode manifest = Cluster.JSON.readTree(S3Objects.text(s3, cluster.bucket, folder + "_manifest.json"));
                    assertThat(manifest.path("complete").asBoolean()).isTrue();
                    assertThat(manifest.path("rows").asLong()).as(table).isEqualTo(result.sourceRows());
                    assertThat(manifest.path("parts")).hasSize(parts.size());
                    long sum = 0;
                    for (JsonNode part : manifest.path("parts")) {
                        sum += part.path("rows").asLong();
                    }
                    assertThat(sum).isEqualTo(manifest.path("rows").asLong());
                    assertThat(S3Objects.keys(s3, cluster.bucket, folder)).contains(folder + "_SUCCESS");
                }
            }
        }
    }
}
