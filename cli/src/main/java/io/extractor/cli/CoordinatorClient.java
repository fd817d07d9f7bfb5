package io.extractor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The coordinator's REST API, as the CLI uses it. */
final class CoordinatorClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CoordinatorClient(String base) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
    }

    URI base() {
        return base;
    }

    /** Submits a job spec (JSON text); returns the job as the coordinator planned it. */
    JsonNode submit(String spec) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec))
                .build();
        return send(request, 201);
    }

    JsonNode job(String id) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("api/jobs/" + id)).GET().build(), 200);
    }

    /** A page of the job's tasks in one state. */
    JsonNode tasks(String id, String state, int offset, int limit) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("api/jobs/" + id + "/tasks?state=" + state + "&offset=" + offset + "&limit=" + limit))
                .GET().build(), 200);
    }

    /** True once the coordinator answers. */
    boolean isUp() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("api/jobs?limit=1")).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new CliException("cannot reach the coordinator at " + base + "; is it running? (set --coordinator or EXTRACTOR_COORDINATOR)");
        }
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != expected) {
            StringBuilder message = new StringBuilder("coordinator answered " + response.statusCode() + ": " + body.path("error").asText(response.body()));
            for (JsonNode field : body.path("fields")) {
                message.append("\n  ").append(field.path("field").asText()).append(": ").append(field.path("message").asText());
            }
            throw new CliException(message.toString());
        }
        return body;
    }
}
