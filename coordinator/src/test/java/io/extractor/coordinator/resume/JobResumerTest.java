package io.extractor.coordinator.resume;

import static io.extractor.coordinator.ApiJobs.awaitState;
import static io.extractor.coordinator.ApiJobs.forgetInRedis;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.coordinator.LocalServices;
import io.extractor.sink.PartFile;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Resume after Redis lost a job: which parts found in the sink count as done, read from their footers. */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class JobResumerTest {
    private static final String ORDERS = TestServices.uniqueTable("resume");

    @BeforeAll
    static void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    @Test
    void onlyAPartWhoseFooterNamesTheTaskAndAllOfItsRangeCountsAsDone() throws Exception {
        String run = "resume-" + System.nanoTime();
        String id = forgottenJob(run, 1);
        String folder = "out/" + ORDERS + "/run=" + run + "/";
        String table = "test." + ORDERS;
        try (S3Client s3 = LocalServices.s3.client()) {
            put(s3, folder + PartFile.name(0), part(1, new PartFile.Footer(id, id + ".0.0", table, BigInteger.ONE, BigInteger.TWO, 2)));
            // task 1's ids are [2, 3): a part holding only some of them leaves the rest to no task
            put(s3, folder + PartFile.name(1), part(0, new PartFile.Footer(id, id + ".0.1", table, BigInteger.TWO, BigInteger.TWO, 1)));
            put(s3, folder + PartFile.name(2), part(1, new PartFile.Footer("another-job", "another-job.0.2", table,
                    BigInteger.valueOf(3), BigInteger.valueOf(4), 1)));
        }

        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/resume").then().statusCode(201);

        JsonPath tasks = given().get("/api/jobs/" + id + "/tasks").then().statusCode(200).extract().jsonPath();
        assertThat(tasks.getList("state")).containsExactly("SUCCESS", "PENDING", "PENDING");
        assertThat(tasks.getString("[0].lo")).isEqualTo("1");
        assertThat(tasks.getString("[0].hi")).isEqualTo("2");
        assertThat(tasks.getInt("[0].attempt")).as("from the footer").isEqualTo(2);
        assertThat(tasks.getLong("[0].rows")).as("from the footer").isEqualTo(1);
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        awaitState(id, "CANCELLED");
    }

    @Test
    void partsOfARangeSplitWhileItRanCountForTheIdsTheyHoldAndEachGapBecomesATaskOfItsOwn() throws Exception {
        String run = "resume-split-" + System.nanoTime();
        String id = forgottenJob(run, 100);
        String folder = "out/" + ORDERS + "/run=" + run + "/";
        String table = "test." + ORDERS;
        // the one planned task held ids [1, 4); it was cut at 2, and the part split off at 2 cut again at 3 (seq 5),
        // whose own tail (seq 6) never committed
        try (S3Client s3 = LocalServices.s3.client()) {
            put(s3, folder + PartFile.name(0), part(1, new PartFile.Footer(id, id + ".0.0", table, BigInteger.ONE, BigInteger.TWO, 1)));
            put(s3, folder + PartFile.name(5), part(1, new PartFile.Footer(id, id + ".0.5", table, BigInteger.TWO, BigInteger.valueOf(3), 1)));
        }

        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/resume").then().statusCode(201);

        JsonPath tasks = given().get("/api/jobs/" + id + "/tasks").then().statusCode(200).extract().jsonPath();
        assertThat(tasks.getList("id")).containsExactly(id + ".0.0", id + ".0.5", id + ".0.6");
        assertThat(tasks.getList("state")).containsExactly("SUCCESS", "SUCCESS", "PENDING");
        assertThat(tasks.getList("lo")).containsExactly("1", "2", "3");
        assertThat(tasks.getList("hi")).containsExactly("2", "3", "4");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        awaitState(id, "CANCELLED");
    }

    /** A job over the table, cancelled before any part was written and then lost by Redis: what resume starts from. */
    private static String forgottenJob(String run, long chunkSize) throws InterruptedException {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("source", "db", "sink", "s3", "run", run, "tables", List.of(Map.of("table", ORDERS, "chunkSize", chunkSize))))
                .post("/api/jobs").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        awaitState(id, "CANCELLED");
        forgetInRedis(id);
        return id;
    }

    /** A file that is Parquet as far as a footer reader goes: magic, a footer with no row group, its length, magic. */
    private static byte[] part(long rows, PartFile.Footer footer) throws Exception {
        FileMetaData meta = new FileMetaData(1, List.of(new SchemaElement("schema")), rows, List.of());
        PartFile.metadata(footer).forEach((key, value) -> meta.addToKey_value_metadata(new KeyValue(key).setValue(value)));
        ByteArrayOutputStream thrift = new ByteArrayOutputStream();
        Util.writeFileMetaData(meta, thrift);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(thrift.toByteArray());
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(thrift.size()).array());
        file.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        return file.toByteArray();
    }

    private static void put(S3Client s3, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(LocalServices.bucket).key(key), RequestBody.fromBytes(bytes));
    }
}
