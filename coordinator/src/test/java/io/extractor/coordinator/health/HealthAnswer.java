package io.extractor.coordinator.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extractor.testkit.Probes.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A health answer's checks by name, each with its status and, when down, its reason. */
record HealthAnswer(String status, Map<String, Check> checks) {
    record Check(String status, String reason) {
    }

    static HealthAnswer of(Answer answer) {
        try {
            JsonNode body = new ObjectMapper().readTree(answer.body());
            Map<String, Check> checks = new LinkedHashMap<>();
            body.path("checks").forEach(check -> checks.put(check.path("name").asText(),
                    new Check(check.path("status").asText(), check.path("data").path("reason").asText(null))));
            return new HealthAnswer(body.path("status").asText(), checks);
        } catch (IOException e) {
            throw new UncheckedIOException("not a health answer: " + answer, e);
        }
    }

    Check check(String name) {
        Check check = checks.get(name);
        if (check == null) {
            throw new AssertionError("no check " + name + " in " + checks);
        }
        return check;
    }
}
