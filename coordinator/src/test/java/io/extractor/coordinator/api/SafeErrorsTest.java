package io.extractor.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.extractor.coordinator.ApiJobs;
import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An answer never carries what the source's server or driver said: a filter can make the server put what it read
 * into its error message (error-based SQL injection), and a failed connection's message names the host and the
 * user. The answer names the field or the source, the error's code and what it means, and where in the filter.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class SafeErrorsTest {
    private static final String ORDERS = TestServices.uniqueTable("leak");
    private static final String LEAK = "extractvalue(1, concat(0x7e, (SELECT user FROM mysql.user LIMIT 1)))";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    @Test
    void aFilterThatPutsAnAccountNameIntoTheServersErrorIsRefusedWithoutIt() throws Exception {
        List<String> users = sourceUsers();
        assertThat(users).as("the server has accounts to leak").contains("root");

        String answer = submit(spec("db", LEAK)).statusCode(400).body("fields[0].field", equalTo("tables[0].where")).extract().asString();

        assertThat(answer).contains("tables[0].where", "not a valid filter", "error 1105").doesNotContain("~").doesNotContain("XPATH");
        for (String user : users) {
            assertThat(answer).as("the answer holds account name " + user).doesNotContain("'" + user + "'").doesNotContain(user);
        }
    }

    @Test
    void aSyntaxErrorSaysWhereInTheFilterWithoutQuotingTheServer() throws Exception {
        String where = "code = 'a' AND id = = 1";
        String message = whereError(submit(spec("db", where)));

        assertThat(message).contains("error 1064 (SQL syntax error)", "near position " + (where.indexOf("= = 1") + 3) + " of the filter")
                .doesNotContain("near '").doesNotContain("MariaDB").doesNotContain("manual");
        assertThat(whereError(submit(spec("db", "code = ")))).contains("error 1064", "at the end of the filter");
        assertThat(whereError(submit(spec("db", "colour = 'red'")))).contains("error 1054 (unknown column)").doesNotContain("colour");
        assertThat(whereError(submit(spec("db", "no_such_function(code) = 1")))).contains("error 1305").doesNotContain("no_such_function");
    }

    @Test
    void aSourceThatRefusesItsUserIsNamedButNotItsHostOrUser() {
        String answer = submit(spec("locked", null)).statusCode(503).extract().asString();

        assertThat(answer).contains("cannot connect to source locked", "error 1045", "nothing was queued")
                .doesNotContain("nobody_here").doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain("jdbc:")
                .doesNotContain("Access denied").doesNotContain(LocalServices.SOURCE_PASSWORD);
    }

    @Test
    void aResumedPlanWithSuchAFilterIsRefusedWithoutTheAccountNameToo() throws Exception {
        String id = submit(spec("db", null)).statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        ApiJobs.awaitState(id, "CANCELLED");
        try (S3Client s3 = LocalServices.s3.client()) {
            String key = "out/_jobs/" + id + "/plan.json";
            ObjectNode plan = (ObjectNode) JSON.readTree(S3Objects.text(s3, LocalServices.bucket, key));
            ((ObjectNode) plan.withArray("tables").get(0)).put("where", LEAK);
            s3.putObject(b -> b.bucket(LocalServices.bucket).key(key), RequestBody.fromString(plan.toString()));
        }
        ApiJobs.forgetInRedis(id);

        String answer = given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/resume?sink=s3").then().statusCode(400)
                .body("fields[0].field", equalTo("plan.tables[0].where")).extract().asString();

        assertThat(answer).contains("error 1105").doesNotContain("~");
        for (String user : sourceUsers()) {
            assertThat(answer).as("the answer holds account name " + user).doesNotContain(user);
        }
    }

    private static String whereError(ValidatableResponse response) {
        return response.statusCode(400).body("fields[0].field", equalTo("tables[0].where")).extract().path("fields[0].message");
    }

    private static List<String> sourceUsers() throws Exception {
        List<String> users = new ArrayList<>();
        try (Connection c = TestServices.mysql(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT DISTINCT user FROM mysql.user")) {
            while (rows.next()) {
                if (!rows.getString(1).isEmpty()) {
                    users.add(rows.getString(1));
                }
            }
        }
        return users;
    }

    private static Map<String, Object> spec(String source, String where) {
        Map<String, Object> table = new HashMap<>(Map.of("table", ORDERS));
        if (where != null) {
            table.put("where", where);
        }
        return Map.of("source", source, "sink", "s3", "tables", List.of(table));
    }

    private static ValidatableResponse submit(Map<String, Object> spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/jobs").then();
    }
}
