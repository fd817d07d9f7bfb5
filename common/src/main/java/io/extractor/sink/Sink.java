package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.services.s3.S3Client;

/** A configured sink with its client: where parts go and how uploads are published. */
public record Sink(SinkSettings settings, S3Client s3) implements AutoCloseable {
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

    @Override
    public void close() {
        s3.close();
    }
}
