package io.extractor.config;

import io.extractor.sink.Sink;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Removes the configured source passwords and sink secret keys from text bound for the API or a log. */
public record Redactor(List<String> secrets) {
    public Redactor {
        secrets = List.copyOf(secrets);
    }

    /** The secrets of the configured sources and sinks: what both apps must keep out of what they say. */
    public static Redactor of(Collection<SourceSettings> sources, Collection<Sink> sinks) {
        List<String> secrets = new ArrayList<>();
        sources.forEach(source -> {
            if (source.password() != null) {
                secrets.add(source.password());
            }
        });
        sinks.forEach(sink -> sink.settings().secretKey().ifPresent(secrets::add));
        return new Redactor(secrets);
    }

    public String redact(String text) {
        return Redaction.secrets(text, secrets);
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
