package io.extractor.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a page of another origin can make an operator's browser do to the coordinator: send a write it need not
 * ask about first (a "simple" CORS request: text/plain, a form, multipart), or load the status page into a frame or
 * inject script into it. Every such write is refused before it reaches a job, and every answer carries the headers
 * that keep the page and the API's answers to themselves.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class BrowserSafetyTest {
    private static final String ORDERS = TestServices.uniqueTable("browser");
    private static final String EVIL = "https://evil.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URL base;

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
    void aCrossOriginTextPlainPostToCancelIsRefusedAndTheJobKeepsRunning() throws Exception {
        String id = runningJob();

        // what fetch(url, {method: "POST", mode: "no-cors", body: "x"}) on another origin's page sends
        HttpResponse<String> withBody = post("api/jobs/" + id + "/cancel", "text/plain;charset=UTF-8", "x");
        HttpResponse<String> empty = post("api/jobs/" + id + "/cancel", "text/plain", "");

        for (HttpResponse<String> refused : List.of(withBody, empty)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("Content-Type: application/json", "text/plain");
        }
        assertThat(state(id)).isEqualTo("RUNNING");

        // the API's own clients still cancel: without a body and type, or with JSON
        assertThat(post("api/jobs/" + id + "/cancel", null, "").statusCode()).isEqualTo(202);
    }

    @Test
    void formAndMultipartWritesAreRefusedWhateverTheEndpoint() throws Exception {
        String id = runningJob();
        String spec = "{\"source\": \"db\", \"sink\": \"s3\", \"tables\": [{\"table\": \"" + ORDERS + "\"}]}";
        long jobsBefore = jobCount();

        List<HttpResponse<String>> refused = List.of(
                post("api/jobs/" + id + "/cancel", "application/x-www-form-urlencoded", "a=1"),
                post("api/jobs/" + id + "/cancel", "application/x-www-form-urlencoded", ""),
                post("api/jobs/" + id + "/retry", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n"),
                post("api/jobs/" + id + "/rerun", "text/plain", ""),
                post("api/jobs", "text/plain", spec),
                post("api/jobs", "application/x-www-form-urlencoded", spec),
                post("api/jobs", null, spec));

        for (HttpResponse<String> answer : refused) {
            assertThat(answer.statusCode()).as(answer.request().uri() + " " + answer.request().headers().map() + ": " + answer.body()).isEqualTo(415);
            assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("Content-Type: application/json");
        }
        assertThat(state(id)).isEqualTo("RUNNING");
        assertThat(jobCount()).as("no job was submitted").isEqualTo(jobsBefore);
        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        Map<String, HttpResponse<String>> answers = Map.of(
                "the status page", get(""),
                "its script", get("app.js"),
                "its style", get("app.css"),
                "a page of jobs", get("api/jobs"),
                "a 400 from the API", get("api/jobs/nope"),
                "a 404 from the API", get("api/jobs/20990101-000000-0000beef"),
                "a 404 below the API", get("nothing-here"),
                "a 415 from the write filter", post("api/jobs", "text/plain", "x"),
                "a 413 below the API", post("api/jobs", "application/json", "[" + " ".repeat(2 * 1024 * 1024) + "]"));

        answers.forEach((what, answer) -> {
            var headers = answer.headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(what).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(headers.allValues("Content-Security-Policy")).as(what + ": one policy").hasSize(1);
        });
        assertThat(answers.get("the status page").statusCode()).isEqualTo(200);
        assertThat(answers.get("its script").headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(answers.get("a 413 below the API").statusCode()).isEqualTo(413);
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
    }

    @Test
    void theStatusPageHasNoInlineScriptOrStyleForThePolicyToBlock() throws Exception {
        String page = resource("index.html");

        assertThat(page).contains("<script src=\"app.js\"></script>", "<link rel=\"stylesheet\" href=\"app.css\">")
                .doesNotContain("<style").doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
        // every write of the page sends JSON (the API refuses anything else), and nothing is parsed as HTML or code
        String script = resource("app.js");
        assertThat(script).doesNotContain("eval(").doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML");
        java.util.regex.Matcher writes = java.util.regex.Pattern.compile("method: '(POST|PUT|PATCH|DELETE)'[^}]*}").matcher(script);
        int count = 0;
        while (writes.find()) {
            assertThat(writes.group()).contains("'Content-Type': 'application/json'");
            count++;
        }
        assertThat(count).as("the page's writes").isPositive();
    }

    private String runningJob() {
        String id = given().contentType(ContentType.JSON).body(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", ORDERS))))
                .post("/api/jobs").then().statusCode(201).extract().path("id");
        assertThat(state(id)).isEqualTo("RUNNING");
        return id;
    }

    private static String state(String id) {
        return given().get("/api/jobs/" + id).then().statusCode(200).extract().path("state");
    }

    private static long jobCount() {
        return Long.parseLong(given().get("/api/jobs?limit=1").then().statusCode(200).extract().header("X-Total-Count"));
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Origin", EVIL)
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BrowserSafetyTest.class.getResourceAsStream("/META-INF/resources/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
