package io.extractor.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The job API against the real Redis, MariaDB and an S3Proxy: what a user submitting jobs sees. */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class JobApiTest {
    private static final String ORDERS = TestServices.uniqueTable("orders");
    private static final String NO_PK = TestServices.uniqueTable("nopk");

    @BeforeAll
    static void createTables() throws Exception {
        sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, status VARCHAR(10), "
                + "amount DECIMAL(10,2), shape POINT, nullable_ref INT, indexed_ref INT NOT NULL, KEY (indexed_ref), UNIQUE KEY (code))");
        sql("INSERT INTO " + ORDERS + " (id, code, status, amount, indexed_ref) VALUES (10, 'a', 'paid', 1.50, 1), (2500, 'b', 'void', 2.00, 2)");
        sql("CREATE TABLE " + NO_PK + " (name VARCHAR(10))");
    }

    @AfterAll
    static void dropTables() throws Exception {
        sql("DROP TABLE IF EXISTS " + ORDERS + ", " + NO_PK);
    }

    @Test
    void aValidJobIsPlannedIntoRangesThatTileTheIdsAndQueued() {
        JsonPath job = submit(Map.of("source", "db", "sink", "s3", "tables",
                List.of(Map.of("table", ORDERS, "columns", List.of("id", "status", "amount"), "chunkSize", 1000))))
                .statusCode(201).extract().jsonPath();

        String id = job.getString("id");
        assertThat(job.getString("state")).isEqualTo("RUNNING");
        assertThat(job.getInt("tasks.total")).isEqualTo(3);
        assertThat(job.getInt("tasks.pending")).isEqualTo(3);
        assertThat(job.getString("tables[0].minId")).isEqualTo("10");
        assertThat(job.getString("tables[0].maxId")).isEqualTo("2500");
        assertThat(job.getString("tables[0].location")).isEqualTo("s3://" + LocalServices.bucket + "/out/" + ORDERS + "/run=" + id + "/");

        List<Map<String, Object>> tasks = given().get("/api/jobs/" + id + "/tasks").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(tasks).extracting(t -> t.get("lo") + ".." + t.get("hi")).containsExactly("10..1010", "1010..2010", "2010..2501");
        assertThat(tasks).extracting(t -> t.get("state")).containsOnly("PENDING");
        try (RedisClient redis = RedisClient.create(java.net.URI.create(TestServices.redisUrl()))) {
            assertThat(redis.lrange(LocalServices.prefix + ":pending", 0, -1)).contains(id + ".0.0", id + ".0.1", id + ".0.2");
        }
        try (S3Client s3 = LocalServices.s3.client()) {
            assertThat(S3Objects.text(s3, LocalServices.bucket, "out/_jobs/" + id + "/plan.json")).contains(ORDERS).doesNotContain(LocalServices.SINK_SECRET);
        }
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void aJobPlannedByRowsShowsEachTasksEstimateAndTheTablesSumInTheApiAndRedis() {
        JsonPath job = submit(Map.of("source", "db", "sink", "s3", "tables",
                List.of(Map.of("table", ORDERS, "columns", List.of("id", "status"), "targetRows", 1000))))
                .statusCode(201).extract().jsonPath();

        String id = job.getString("id");
        assertThat(job.getLong("tables[0].targetRows")).isEqualTo(1000);
        assertThat(job.getString("tables[0].chunkSize")).isNull();
        List<Map<String, Object>> tasks = given().get("/api/jobs/" + id + "/tasks").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(tasks).hasSize(job.getInt("tasks.total")).allSatisfy(t -> assertThat(((Number) t.get("estimatedRows")).longValue()).isPositive());
        assertThat(tasks.stream().mapToLong(t -> ((Number) t.get("estimatedRows")).longValue()).sum()).isEqualTo(job.getLong("tables[0].estimatedRows"));
        assertThat(tasks.getFirst().get("lo")).isEqualTo("10");
        assertThat(tasks.getLast().get("hi")).isEqualTo("2501");
        try (RedisClient redis = RedisClient.create(java.net.URI.create(TestServices.redisUrl()))) {
            assertThat(redis.hget(LocalServices.prefix + ":task:" + id + ".0.0", "estRows")).isEqualTo(String.valueOf(tasks.getFirst().get("estimatedRows")));
        }
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void aSpecWithManyMistakesIsRefusedWithEveryFieldNamedAndNothingQueued() {
        long jobsBefore = jobCount();

        ValidatableResponse refused = submit(Map.of("source", "nope", "sink", "s3", "tables", List.of(Map.of("table", ORDERS)))).statusCode(400);

        refused.body("error", containsString("nothing was queued"))
                .body("fields.field", hasItem("source"))
                .body("fields.find { it.field == 'source' }.message", containsString("unknown source \"nope\""));
        assertThat(jobCount()).isEqualTo(jobsBefore);
    }

    @Test
    void eachBadTableFieldGetsItsOwnReason() {
        Map<String, String> reasons = Map.ofEntries(
                Map.entry("missing table", errorOf(table(Map.of("table", "no_such_table_x")), "tables[0].table")),
                Map.entry("pk not integer", errorOf(table(Map.of("table", NO_PK)), "tables[0].idColumn")),
                Map.entry("id not integer", errorOf(table(Map.of("table", ORDERS, "idColumn", "code")), "tables[0].idColumn")),
                Map.entry("id nullable", errorOf(table(Map.of("table", ORDERS, "idColumn", "nullable_ref")), "tables[0].idColumn")),
                Map.entry("unknown column", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id", "colour"))), "tables[0].columns[1]")),
                Map.entry("unmappable column", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id", "shape"))), "tables[0].columns[1]")),
                Map.entry("all columns incl. unmappable", errorOf(table(Map.of("table", ORDERS)), "tables[0].columns")),
                Map.entry("chunk zero", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id"), "chunkSize", 0)), "tables[0].chunkSize")),
                Map.entry("too many tasks", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id"), "chunkSize", 1)), "tables[0].chunkSize")),
                Map.entry("filter escapes", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id"), "where", "1=1) OR (1=1")), "tables[0].where")),
                Map.entry("filter syntax", errorOf(table(Map.of("table", ORDERS, "columns", List.of("id"), "where", "status ==== 'x'")), "tables[0].where")));

        assertThat(reasons.get("missing table")).contains("no table test.no_such_table_x in source db");
        assertThat(reasons.get("pk not integer")).contains("no single-column primary key");
        assertThat(reasons.get("id not integer")).contains("varchar(10)", "integer");
        assertThat(reasons.get("id nullable")).contains("nullable");
        assertThat(reasons.get("unknown column")).contains("no column colour");
        assertThat(reasons.get("unmappable column")).contains("point", "leave it out");
        assertThat(reasons.get("all columns incl. unmappable")).contains("shape (point)", "list the columns");
        assertThat(reasons.get("chunk zero")).contains("positive");
        assertThat(reasons.get("too many tasks")).contains("2491 tasks", "limit of 1000", "at least 3");
        assertThat(reasons.get("filter escapes")).contains("without its '('");
        assertThat(reasons.get("filter syntax")).contains("the source rejects it");
    }

    @Test
    void malformedJsonIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"source\": \"db\", \"sink\": \"s3\", \"tables\": [{\"table\": \"x\", \"chunk_size\": 5}]}")
                .post("/api/jobs").then().statusCode(400)
                .body("fields[0].field", equalTo("tables[0].chunk_size"))
                .body("fields[0].message", containsString("unknown field"));
        given().contentType(ContentType.JSON).body("{\"source\": \"db\", \"sink\": \"s3\", \"mode\": \"append\", \"tables\": [{\"table\": \"x\"}]}")
                .post("/api/jobs").then().statusCode(400)
                .body("fields[0].field", equalTo("mode"))
                .body("fields[0].message", containsString("\"error\" or \"overwrite\""));
        given().contentType(ContentType.JSON).body("{\"source\": \"db\", \"tables\": [{\"table\": \"x\", \"chunkSize\": \"many\"}]}")
                .post("/api/jobs").then().statusCode(400)
                .body("fields[0].field", equalTo("tables[0].chunkSize"));
        given().contentType(ContentType.JSON).body("{not json").post("/api/jobs").then().statusCode(400);
    }

    @Test
    void aRunFolderThatHoldsOutputIsNotWrittenAgainUnlessOverwriteIsAsked() {
        Map<String, Object> spec = Map.of("source", "db", "sink", "s3", "run", "2026-11-23",
                "tables", List.of(Map.of("table", ORDERS, "columns", List.of("id"))));
        try (S3Client s3 = LocalServices.s3.client()) {
            s3.putObject(b -> b.bucket(LocalServices.bucket).key("out/" + ORDERS + "/run=2026-11-23/part-00000.parquet"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("old"));
        }

        submit(spec).statusCode(400).body("fields[0].field", equalTo("run")).body("fields[0].message", containsString("already holds output"));

        Map<String, Object> overwrite = new java.util.HashMap<>(spec);
        overwrite.put("mode", "overwrite");
        String id = submit(overwrite).statusCode(201).extract().path("id");
        submit(overwrite).statusCode(409).body("fields[0].field", equalTo("run")).body("fields[0].message", containsString("job " + id + " is writing"));
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void unknownSinkBucketAndSourceErrorsNeverEchoSecrets() {
        submit(Map.of("source", "db", "sink", "nobucket", "tables", List.of(Map.of("table", ORDERS, "columns", List.of("id")))))
                .statusCode(400).body("fields[0].field", equalTo("sink")).body("fields[0].message", containsString("bucket exists"));

        String body = submit(Map.of("source", "locked", "sink", "s3", "tables", List.of(Map.of("table", ORDERS))))
                .statusCode(503).body("error", containsString("cannot connect to source locked")).extract().asString();
        assertThat(body).doesNotContain(LocalServices.SOURCE_PASSWORD);

        String jobs = given().get("/api/jobs").then().statusCode(200).extract().asString();
        assertThat(jobs).doesNotContain(LocalServices.SOURCE_PASSWORD).doesNotContain(LocalServices.SINK_SECRET);
    }

    @Test
    void operatorActionsOnUnknownOrFinishedJobsSayWhy() {
        String unknown = "20990101-000000-0000beef";
        given().get("/api/jobs/" + unknown).then().statusCode(404).body("error", equalTo("no job " + unknown));
        given().contentType(ContentType.JSON).post("/api/jobs/" + unknown + "/cancel").then().statusCode(404);
        given().get("/api/jobs/" + unknown + "/tasks").then().statusCode(404);
        given().get("/api/jobs/nope").then().statusCode(400).body("fields[0].field", equalTo("id"));
        String id = submit(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", ORDERS, "columns", List.of("id")))))
                .statusCode(201).extract().path("id");
        given().get("/api/jobs/" + id + "/tasks?state=bogus").then().statusCode(400).body("error", containsString("PENDING"));
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202).body("droppedTasks", equalTo(1));
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(409).body("error", containsString("not running"));
        given().get("/api/jobs/" + id + "/tasks?state=FAILED").then().statusCode(200)
                .body("[0].error", containsString("cancelled by an operator"));
    }

    @Test
    void theStatusPageIsServedAtTheRoot() {
        given().get("/").then().statusCode(200).contentType(ContentType.HTML).body(containsString("extractor: jobs"))
                .body(not(containsString(LocalServices.SINK_SECRET)));
    }

    private static Map<String, Object> table(Map<String, Object> table) {
        return Map.of("source", "db", "sink", "s3", "tables", List.of(table));
    }

    private static String errorOf(Map<String, Object> spec, String field) {
        JsonPath answer = submit(spec).statusCode(400).extract().jsonPath();
        List<Map<String, String>> fields = answer.getList("fields");
        return fields.stream().filter(f -> f.get("field").equals(field)).map(f -> f.get("message")).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + fields));
    }

    private static ValidatableResponse submit(Map<String, Object> spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/jobs").then();
    }

    private static long jobCount() {
        return given().get("/api/jobs").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    private static void sql(String sql) throws Exception {
        try (Connection c = TestServices.mysql(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

}
