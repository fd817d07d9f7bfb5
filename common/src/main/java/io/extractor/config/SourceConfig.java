package io.extractor.config;

import io.extractor.source.SourceSettings;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code extractor.sources.<name>.*}: a MySQL source that jobs name. */
public interface SourceConfig {
    /** JDBC URL, {@code jdbc:mysql://host:3306/database}. */
    String url();

    Optional<String> user();

    /** Give it here or as EXTRACTOR_SOURCES_&lt;NAME&gt;_PASSWORD; never inline in the URL. */
    Optional<String> password();

    /** Longest wait for the source to accept a connection and answer its handshake. */
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * Tasks that may read from this source at once, across every worker, enforced when a task is claimed: however far
     * the workers scale out, the source never serves more extraction queries than this. 0 for no cap. The
     * coordinator's value is the one that counts (it writes it to Redis).
     */
    @WithDefault("32")
    int maxStreams();

    default SourceSettings settings(String name) {
        return new SourceSettings(name, url(), user().orElse(null), password().orElse(null), connectTimeout(), maxStreams());
    }

    /** Every configured source by name. */
    static Map<String, SourceSettings> settingsByName(Map<String, SourceConfig> configs) {
        Map<String, SourceSettings> sources = new LinkedHashMap<>();
        configs.forEach((name, config) -> sources.put(name, config.settings(name)));
        return Collections.unmodifiableMap(sources);
    }
}
