package io.extractor.coordinator;

import io.extractor.source.Redaction;
import java.util.List;

/** Removes the configured source passwords and sink secret keys from text bound for the API or a log. */
public record Redactor(List<String> secrets) {
    public Redactor {
        secrets = List.copyOf(secrets);
    }

    public String redact(String text) {
        return Redaction.secrets(text, secrets);
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
