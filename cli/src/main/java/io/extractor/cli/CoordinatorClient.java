package io.extractor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;

/** The coordinator's REST API, as the CLI uses it. */
final class CoordinatorClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CoordinatorClient(String base) {
        this(base, null);
    }

    /** @param authorization the Authorization header to send, or null to call without credentials */
    CoordinatorClient(String base, String authorization) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = authorization;
    }

    /** HTTP Basic credentials of one of the coordinator's built-in users. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** A bearer token: a built-in user's static token, or an access token of the coordinator's OIDC provider. */
    static String bearer(String token) {
        return "Bearer " + token.strip();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    URI base() {
        return base;
    }

    /** Submits a job spec (JSON text); returns the job as the coordinator planned it. */
    JsonNode submit(String spec) throws IOException, InterruptedException {
        HttpRequest request = request("api/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec))
                .build();
        return send(request, 201);
    }

    JsonNode job(String id) throws IOException, InterruptedException {
        return send(request("api/jobs/" + id).GET().build(), 200);
    }

    /** A page of the job's tasks in one state. */
    JsonNode tasks(String id, String state, int offset, int limit) throws IOException, InterruptedException {
        return send(request("api/jobs/" + id + "/tasks?state=" + state + "&offset=" + offset + "&limit=" + limit)
                .GET().build(), 200);
    }

    /** True once the coordinator answers (a refusal of these credentials is an answer too; the next call reports it). */
    boolean isUp() {
        try {
            int status = http.send(request("api/jobs?limit=1").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 401 || status == 403;
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
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new CliException("the coordinator refused this call (" + response.statusCode() + "): " + body.path("error").asText("no reason given")
                    + (response.statusCode() == 401 ? "\n  log in with --user NAME and the password in EXTRACTOR_PASSWORD (or env EXTRACTOR_USER),"
                    + " or with a token in EXTRACTOR_TOKEN (or --token); a token may have expired"
                    : "\n  ask an admin for the " + body.path("requiredRole").asText("needed") + " role"));
        }
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
