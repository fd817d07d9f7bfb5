package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A configured sink with its client: where parts go and how uploads are published. */
public record Sink(SinkSettings settings, S3Client s3) implements AutoCloseable {
    /**
     * For calls a person waits on (a submit, a resume): a sink that does not answer fails them within seconds,
     * where the client's defaults (made for uploads that ride out an outage) would keep the request for minutes.
     */
    public static final AwsRequestOverrideConfiguration INTERACTIVE = AwsRequestOverrideConfiguration.builder()
            .apiCallAttemptTimeout(Duration.ofSeconds(5))
            .apiCallTimeout(Duration.ofSeconds(12))
            .build();

    public Sink {
        requireNonNull(settings, "settings");
        requireNonNull(s3, "s3");
    }

    public static Sink open(SinkSettings settings) {
        return new Sink(settings, S3Clients.create(settings));
    }

    public String bucket() {
        return settings.bucket();
    }

    public SinkLayout layout() {
        return settings.layout();
    }

    public Uploads uploads() {
        return new Uploads(s3, settings.bucket());
    }

    /** Whether any object lies under {@code folder}; an interactive call. */
    public boolean holdsObjects(String folder) {
        return s3.listObjectsV2(b -> b.bucket(bucket()).prefix(folder).maxKeys(1).overrideConfiguration(INTERACTIVE)).keyCount() > 0;
    }

    /** Writes a small JSON object; an interactive call. */
    public void putJson(String key, String json) {
        s3.putObject(b -> b.bucket(bucket()).key(key).contentType("application/json").overrideConfiguration(INTERACTIVE),
                RequestBody.fromString(json));
    }

    @Override
    public void close() {
        s3.close();
    }
}
