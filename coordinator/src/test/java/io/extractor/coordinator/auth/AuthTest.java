package io.extractor.coordinator.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every endpoint called as anonymous, viewer, operator and admin (and with a wrong password): the expected answer
 * each time, and a refusal names the role it needs. The coordinator runs with built-in users ({@link AuthServices}).
 */
@QuarkusTest
@QuarkusTestResource(value = AuthServices.class, restrictToAnnotatedClass = true)
class AuthTest {
    private static final String ORDERS = TestServices.uniqueTable("auth");
    private static String job;

    @BeforeAll
    static void createTableAndJob() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    /** A request as {@code who}; JSON, as every write to the API must be (a body-less POST included). */
    private static RequestSpecification as(String who) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return switch (who) {
            case "anonymous" -> request;
            case "wrong-password" -> request.auth().preemptive().basic("admin", "not the password");
            case "token" -> request.header("Authorization", "Bearer " + AuthServices.TOKEN);
            case "wrong-token" -> request.header("Authorization", "Bearer " + AuthServices.TOKEN + "x");
            case "token-as-password" -> request.auth().preemptive().basic("script", AuthServices.TOKEN);
            default -> request.auth().preemptive().basic(who, AuthServices.PASSWORD);
        };
    }

    /** A job that exists, submitted by the operator and cancelled, for the read and act endpoints to point at. */
    private static String job() throws InterruptedException {
        if (job == null) {
            String id = as("operator").contentType(ContentType.JSON).body(spec(Map.of()))
                    .post("/api/jobs").then().statusCode(201).extract().path("id");
            as("operator").post("/api/jobs/" + id + "/cancel").then().statusCode(202);
            for (int i = 0; i < 300 && !"CANCELLED".equals(as("viewer").get("/api/jobs/" + id).path("state")); i++) {
                Thread.sleep(100);
            }
            job = id;
        }
        return job;
    }

    private static Map<String, Object> spec(Map<String, Object> extra) {
        Map<String, Object> table = new java.util.HashMap<>(Map.of("table", ORDERS, "chunkSize", 1));
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("source", "db", "sink", "s3", "tables", List.of(table)));
        extra.forEach((key, value) -> {
            if (key.equals("where")) {
                table.put(key, value);
            } else {
                spec.put(key, value);
            }
        });
        return spec;
    }

    @ParameterizedTest(name = "{0} {1} as {2}: {3}")
    @CsvSource({
            // method, endpoint, who, expected status
            "GET, /api/jobs, anonymous, 401",
            "GET, /api/jobs, wrong-password, 401",
            "GET, /api/jobs, viewer, 200",
            "GET, /api/jobs, operator, 200",
            "GET, /api/jobs, admin, 200",
            "GET, /api/jobs, token, 200",
            "GET, /api/jobs, wrong-token, 401",
            "GET, /api/jobs, token-as-password, 401",
            "GET, /api/jobs/{job}, anonymous, 401",
            "GET, /api/jobs/{job}, viewer, 200",
            "GET, /api/jobs/{job}/tasks, anonymous, 401",
            "GET, /api/jobs/{job}/tasks, viewer, 200",
            "GET, /api/jobs/{job}/audit, anonymous, 401",
            "GET, /api/jobs/{job}/audit, viewer, 200",
            "POST, /api/jobs/{job}/cancel, anonymous, 401",
            "POST, /api/jobs/{job}/cancel, viewer, 403",
            "POST, /api/jobs/{job}/cancel, operator, 409",
            "POST, /api/jobs/{job}/cancel, token, 409",
            "POST, /api/jobs/{job}/resume, token, 403",
            "POST, /api/jobs/{job}/retry, anonymous, 401",
            "POST, /api/jobs/{job}/retry, viewer, 403",
            "POST, /api/jobs/{job}/rerun, viewer, 403",
            "POST, /api/jobs/{job}/resume, anonymous, 401",
            "POST, /api/jobs/{job}/resume, viewer, 403",
            "POST, /api/jobs/{job}/resume, operator, 403",
            "POST, /api/jobs/{job}/resume, admin, 409",
            "GET, /api/me, anonymous, 401",
            "GET, /api/me, viewer, 200",
            "GET, /api/me, token, 200",
            "GET, /, anonymous, 401",
            "GET, /, wrong-password, 401",
            "GET, /, viewer, 200",
    })
    void eachEndpointAnswersEachCallerAsItsRoleAllows(String method, String endpoint, String who, int expected) throws Exception {
        String path = endpoint.replace("{job}", endpoint.contains("{job}") ? job() : "");
        Response response = method.equals("GET") ? as(who).get(path) : as(who).post(path);

        assertThat(response.statusCode()).as("%s %s as %s: %s", method, endpoint, who, response.body().asString()).isEqualTo(expected);
        if (expected == 401 && endpoint.startsWith("/api")) {
            assertThat(response.headers().getValues("WWW-Authenticate")).anySatisfy(value -> assertThat(value).startsWith("Basic"))
                    .anySatisfy(value -> assertThat(value).startsWith("Bearer"));
            assertThat(response.jsonPath().getString("requiredRole")).isNotBlank();
        }
        if (expected == 403) {
            assertThat(response.jsonPath().getString("requiredRole")).isIn("operator", "admin");
            assertThat(response.jsonPath().getString("error")).contains(who.equals("token") ? "script" : who);
        }
    }

    @Test
    void anOperatorSubmitsAPlainJobButAWhereFilterOrAnOverwriteNeedsAnAdmin() {
        Response filtered = as("operator").contentType(ContentType.JSON).body(spec(Map.of("where", "code <> 'b'"))).post("/api/jobs");
        Response overwrite = as("operator").contentType(ContentType.JSON).body(spec(Map.of("mode", "overwrite", "run", "auth-" + System.nanoTime())))
                .post("/api/jobs");

        assertThat(filtered.statusCode()).isEqualTo(403);
        assertThat(filtered.jsonPath().getString("requiredRole")).isEqualTo("admin");
        assertThat(overwrite.statusCode()).isEqualTo(403);
        assertThat(as("viewer").contentType(ContentType.JSON).body(spec(Map.of())).post("/api/jobs").statusCode()).isEqualTo(403);
        String id = as("admin").contentType(ContentType.JSON).body(spec(Map.of("where", "code <> 'b'"))).post("/api/jobs")
                .then().statusCode(201).extract().path("id");
        as("admin").post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void aUserGrantedOneSourceActsOnItsJobsOnlyAndCannotResume() throws Exception {
        Map<String, Object> other = new java.util.HashMap<>(spec(Map.of()));
        other.put("source", "ansi");

        Response refused = as("team").body(spec(Map.of())).post("/api/jobs");
        String id = as("team").body(other).post("/api/jobs").then().statusCode(201).extract().path("id");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("error")).contains("source db", "[ansi]");
        assertThat(as("team").post("/api/jobs/" + job() + "/cancel").statusCode()).as("another source's job").isEqualTo(403);
        assertThat(as("team").post("/api/jobs/" + job() + "/resume").statusCode()).isEqualTo(403);
        as("team").post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void meSaysWhoTheCallerIsAndWhatItsRoleAllows() {
        Map<String, Object> viewer = as("viewer").get("/api/me").then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> operator = as("token").get("/api/me").then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> admin = as("admin").get("/api/me").then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> team = as("team").get("/api/me").then().statusCode(200).extract().jsonPath().getMap("$");

        assertThat(viewer).containsEntry("name", "viewer").containsEntry("role", "viewer").containsEntry("may", List.of("read"));
        assertThat(operator).containsEntry("name", "script").containsEntry("role", "operator")
                .containsEntry("may", List.of("read", "submit", "cancel", "retry", "rerun"));
        assertThat(admin).containsEntry("may", List.of("read", "submit", "cancel", "retry", "rerun", "where", "overwrite", "resume"))
                .containsEntry("sources", null);
        assertThat(team).containsEntry("sources", List.of("ansi")).containsEntry("may", List.of("read", "submit", "cancel", "retry", "rerun", "where", "overwrite"));
    }

    @Test
    void refusedCredentialsAndRefusedActionsAreLoggedOnTheAuditCategoryButAMissingLoginIsNot() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger("io.extractor.audit");
        audit.addHandler(handler);
        try {
            as("anonymous").get("/api/jobs").then().statusCode(401);
            as("wrong-password").get("/api/jobs").then().statusCode(401);
            as("viewer").post("/api/jobs/" + job() + "/cancel").then().statusCode(403);
        } finally {
            audit.removeHandler(handler);
        }

        assertThat(lines).filteredOn(line -> line.contains("action=refused")).hasSize(2);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("status=401", "needed=viewer", "call=\"GET /api/jobs\"", "127.0.0.1"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("status=403", "who=\"viewer\"", "needed=operator", "/cancel"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(AuthServices.PASSWORD));
    }

    @Test
    void theAuditTrailSaysWhoDidWhatFromWhere() throws Exception {
        String id = job();

        List<Map<String, Object>> trail = as("viewer").get("/api/jobs/" + id + "/audit").then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(trail).extracting(e -> e.get("action")).containsExactly("cancel", "submit");
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.get("who")).isEqualTo("operator");
            assertThat((String) e.get("from")).contains("127.0.0.1");
            assertThat(e.get("at")).isNotNull();
        });
    }
}
