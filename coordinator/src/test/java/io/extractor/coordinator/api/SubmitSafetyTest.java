package io.extractor.coordinator.api;

import static io.extractor.coordinator.ApiJobs.awaitState;
import static io.extractor.coordinator.ApiJobs.forgetInRedis;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.extractor.coordinator.LocalServices;
import io.extractor.job.FailureKind;
import io.extractor.queue.Lease;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskQueue;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a submit, retry or resume leaves behind when something goes wrong or races: nothing half-done, one writer
 * per run folder, no lock that lets one slow source stall every other submit.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class SubmitSafetyTest {
    private static final String ORDERS = TestServices.uniqueTable("safety");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b'), (3, 'b')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    @Test
    void aSourceThatNeverAnswersCostsItsOwnSubmitA503AndNeverDelaysAnother() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Integer> hung = CompletableFuture.supplyAsync(() -> submit(spec("hung", "s3", null, null)).extract().statusCode());
        Thread.sleep(300); // the hung submit is now waiting on the source

        String id = submit(spec("db", "s3", null, null)).statusCode(201).extract().path("id");

        assertThat(hung).as("the good submit finished while the hung one still waits").isNotDone();
        assertThat(hung.get(60, TimeUnit.SECONDS)).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(LocalServices.HUNG_SOURCE_CONNECT_SECONDS + 20));
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void aFilterIsCheckedAndRunInTheExtractorsSqlModeWhateverTheUrlAsksFor() {
        // under the URL's ANSI_QUOTES, "b" would be a column and the check would refuse the filter
        String id = submit(spec("ansi", "s3", null, "code = \"b\"")).statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);

        // under its NO_BACKSLASH_ESCAPES, 'x\' would end the string and the rest would widen the filter
        submit(spec("ansi", "s3", null, "code = 'x\\' OR 1=1 OR code = \\'y'")).statusCode(201);
    }

    @Test
    void aSubmitTheSinkRefusesLeavesNoJobNoReservationAndNoPlan() {
        long jobsBefore = jobCount();
        String run = "refused-" + System.nanoTime();

        submit(spec("db", "down", run, null)).statusCode(503).body("error", containsString("sink could not be reached"));

        assertThat(jobCount()).isEqualTo(jobsBefore);
        try (RedisClient redis = redis()) {
            assertThat(redis.keys(LocalServices.prefix + ":writer:*" + run + "*")).as("run folders left reserved").isEmpty();
            assertThat(redis.keys(LocalServices.prefix + ":job:*:reserved")).as("job ids left reserved").isEmpty();
        }
        // the same run is free for the next submit
        String id = submit(spec("db", "s3", run, null)).statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void retryAndResumeOfAJobAreRefusedWhileAnotherJobWritesItsRunFolder() throws Exception {
        String run = "race-" + System.nanoTime();
        String first = submit(spec("db", "s3", run, null)).statusCode(201).extract().path("id");
        failEveryTask(first);
        awaitState(first, "FAILED");

        String second = submit(withMode(spec("db", "s3", run, null), "overwrite")).statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON).post("/api/jobs/" + first + "/retry").then().statusCode(409)
                .body("fields[0].field", equalTo("run")).body("error", containsString("job " + second + " is writing"));
        forgetInRedis(first); // Redis lost the first job: only the sink remembers it
        given().contentType(ContentType.JSON).post("/api/jobs/" + first + "/resume").then().statusCode(409)
                .body("fields[0].field", equalTo("plan.run")).body("error", containsString("job " + second + " is writing"));

        given().contentType(ContentType.JSON).post("/api/jobs/" + second + "/cancel").then().statusCode(202);
        awaitState(second, "CANCELLED");
        given().contentType(ContentType.JSON).post("/api/jobs/" + first + "/resume").then().statusCode(201).body("state", equalTo("RUNNING"));
        given().contentType(ContentType.JSON).post("/api/jobs/" + first + "/cancel").then().statusCode(202);
    }

    @Test
    void theApiShowsEachFailedTasksKindAndTheJobCountsFailedTasksByKind() throws Exception {
        String id = submit(spec("db", "s3", null, null)).statusCode(201).extract().path("id");
        failEveryTask(id);
        awaitState(id, "FAILED");

        var job = given().get("/api/jobs/" + id).then().statusCode(200).extract();
        int failed = job.path("tasks.failed");
        assertThat(failed).isPositive();
        assertThat(job.<Map<String, Integer>>path("tasks.failedByKind")).isEqualTo(Map.of("source-permission", failed));
        given().get("/api/jobs/" + id + "/tasks?state=FAILED").then().statusCode(200)
                .body("errorKind", everyItem(equalTo("source-permission"))).body("error", everyItem(equalTo("denied by the test")));
    }

    @Test
    void aResumeChecksTheStoredPlanAsStrictlyAsANewSubmit() throws Exception {
        String id = submit(spec("db", "s3", null, null)).statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        String forged = "20991231-235959-00c0ffee";
        try (S3Client s3 = LocalServices.s3.client()) {
            ObjectNode plan = (ObjectNode) JSON.readTree(S3Objects.text(s3, LocalServices.bucket, "out/_jobs/" + id + "/plan.json"));
            plan.put("jobId", forged);
            plan.put("run", forged);
            ((ObjectNode) plan.withArray("tables").get(0)).put("where", "1=1) OR (1=1");
            ((ObjectNode) plan.withArray("tables").get(0)).put("taskCount", 7);
            s3.putObject(b -> b.bucket(LocalServices.bucket).key("out/_jobs/" + forged + "/plan.json"), RequestBody.fromString(plan.toString()));
        }

        String answer = given().contentType(ContentType.JSON).post("/api/jobs/" + forged + "/resume?sink=s3").then().statusCode(400).extract().asString();

        assertThat(answer).contains("plan.tables[0].where").contains("plan.tables[0].taskCount");
        given().get("/api/jobs/" + forged).then().statusCode(404);
    }

    private static void failEveryTask(String jobId) {
        try (RedisClient redis = redis()) {
            TaskQueue queue = new TaskQueue(redis, new RedisKeys(LocalServices.prefix));
            for (int guard = 0; guard < 100; guard++) {
                Lease lease = queue.claim("test-worker", Duration.ofMinutes(1)).orElse(null);
                if (lease == null) {
                    return;
                }
                if (lease.task().jobId().equals(jobId)) {
                    queue.fail(lease, FailureKind.SOURCE_PERMISSION, "denied by the test", Duration.ZERO);
                } else {
                    queue.release(lease, "not this test's task");
                }
            }
        }
    }

    private static Map<String, Object> spec(String source, String sink, String run, String where) {
        Map<String, Object> table = new java.util.HashMap<>(Map.of("table", ORDERS));
        if (where != null) {
            table.put("where", where);
        }
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("source", source, "sink", sink, "tables", List.of(table)));
        if (run != null) {
            spec.put("run", run);
        }
        return spec;
    }

    private static Map<String, Object> withMode(Map<String, Object> spec, String mode) {
        Map<String, Object> copy = new java.util.HashMap<>(spec);
        copy.put("mode", mode);
        return copy;
    }

    private static ValidatableResponse submit(Map<String, Object> spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/jobs").then();
    }

    private static long jobCount() {
        return Long.parseLong(given().get("/api/jobs?limit=1").then().statusCode(200).extract().header("X-Total-Count"));
    }

    private static RedisClient redis() {
        return RedisClient.create(URI.create(TestServices.redisUrl()));
    }
}
