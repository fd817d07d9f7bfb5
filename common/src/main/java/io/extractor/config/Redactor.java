package io.extractor.config;

import io.extractor.sink.Sink;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Removes the configured secrets (source passwords, sink secret keys, Redis's password) from text bound for the API or a log. */
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

    /** This redactor and {@code more} secrets, e.g. {@code RedisSettings.secrets()}. */
    public Redactor with(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        more.forEach(all::add);
        return new Redactor(all);
    }

    public String redact(String text) {
        return Redaction.secrets(text, secrets);
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
