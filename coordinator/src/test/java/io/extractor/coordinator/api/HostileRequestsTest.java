package io.extractor.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus of hostile requests in {@code hostile-requests.txt}, each sent to a real coordinator over HTTP and
 * answered with its expected status, a JSON body, and the field at fault named. Dependencies that hang (a source
 * and a sink that accept connections and never answer) must cost a 503 within seconds, not a stuck request.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class HostileRequestsTest {
    private static final String ORDERS = TestServices.uniqueTable("hostile");
    private static final Pattern REPEAT = Pattern.compile("<<(\\d+)\\*(.*?)>>", Pattern.DOTALL);
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

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsAnsweredWithItsStatusAndField() throws Exception {
        String job = existingJob();
        return corpus().stream().map(request -> DynamicTest.dynamicTest(request.name(), () -> check(request, job)));
    }

    private void check(Request request, String job) throws Exception {
        String path = expand(request.path(), job);
        String body = expand(request.body(), job);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", request.contentType());
        builder = switch (request.method()) {
            case "GET" -> builder.GET();
            case "DELETE" -> builder.DELETE();
            default -> builder.method(request.method(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        };
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        String shown = response.body().length() > 500 ? response.body().substring(0, 500) + "..." : response.body();
        assertThat(response.statusCode()).as(request.name() + " answered " + shown).isEqualTo(request.status());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(request.name() + ": content type").startsWith("application/json");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("error").asText()).as(request.name() + ": error text").isNotBlank();
        if (request.field() != null) {
            List<String> fields = new ArrayList<>();
            answer.path("fields").forEach(f -> fields.add(f.path("field").asText()));
            assertThat(fields).as(request.name() + " names the field; answer " + shown).contains(request.field());
        }
        assertThat(response.body()).doesNotContain(LocalServices.SINK_SECRET).doesNotContain(LocalServices.SOURCE_PASSWORD)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(millis).as(request.name() + ": answered within seconds, not hung").isLessThan(30_000);
    }

    /** A job of the orders table that stays RUNNING (no worker runs here). */
    private String existingJob() throws Exception {
        String spec = "{\"source\": \"db\", \"sink\": \"s3\", \"tables\": [{\"table\": \"" + ORDERS + "\"}]}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private static String expand(String text, String job) {
        String out = text.replace("${ORDERS}", ORDERS).replace("${JOB}", job);
        Matcher repeat = REPEAT.matcher(out);
        StringBuilder expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded, Matcher.quoteReplacement(repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
        }
        repeat.appendTail(expanded);
        return expanded.toString();
    }

    record Request(String name, String method, String path, int status, String field, String contentType, String body) {
    }

    static List<Request> corpus() throws IOException {
        String text;
        try (InputStream in = HostileRequestsTest.class.getResourceAsStream("/hostile-requests.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Request> requests = new ArrayList<>();
        for (String block : text.split("(?m)^### ")) {
            if (block.startsWith("#") || block.isBlank()) {
                continue;
            }
            List<String> lines = new ArrayList<>(block.lines().toList());
            String name = lines.remove(0).strip();
            String[] call = lines.remove(0).strip().split(" ", 2);
            String[] expect = lines.remove(0).strip().split(" ");
            if (!expect[0].equals("expect")) {
                throw new IllegalStateException("block \"" + name + "\": third line must be expect <status> [field]");
            }
            String contentType = "application/json";
            if (!lines.isEmpty() && lines.get(0).startsWith("content-type ")) {
                contentType = lines.remove(0).substring("content-type ".length()).strip();
            }
            String body = String.join("\n", lines).strip();
            requests.add(new Request(name, call[0], call[1], Integer.parseInt(expect[1]), expect.length > 2 ? expect[2] : null, contentType, body));
        }
        return requests;
    }
}
