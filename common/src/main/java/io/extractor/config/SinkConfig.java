package io.extractor.config;

import io.extractor.sink.Sink;
import io.extractor.sink.SinkSettings;
import io.smallrye.config.WithDefault;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code extractor.sinks.<name>.*}: an S3 location that jobs name. */
public interface SinkConfig {
    /** Endpoint override for MinIO or another S3-compatible store; absent for AWS S3. */
    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    String bucket();

    /** Key prefix of all output in the bucket; none when absent. */
    Optional<String> prefix();

    /** Path-style addressing ({@code endpoint/bucket/key}), which MinIO needs. */
    @WithDefault("false")
    boolean pathStyle();

    /** With {@link #secretKey()}; both absent means the AWS default credential chain. */
    Optional<String> accessKey();

    Optional<String> secretKey();

    default SinkSettings settings(String name) {
        return new SinkSettings(name, endpoint(), region(), bucket(), prefix().orElse(""), pathStyle(), accessKey(), secretKey());
    }

    /** Every configured sink by name, each with its client open; the caller closes them. */
    static Map<String, Sink> openAll(Map<String, SinkConfig> configs) {
        Map<String, Sink> sinks = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, SinkConfig> sink : configs.entrySet()) {
                sinks.put(sink.getKey(), Sink.open(sink.getValue().settings(sink.getKey())));
            }
        } catch (RuntimeException e) {
            sinks.values().forEach(Sink::close);
            throw e;
        }
        return Collections.unmodifiableMap(sinks);
    }
}
