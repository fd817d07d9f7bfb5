package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import io.extractor.sink.s3.S3PartStore;

/** A configured sink: its settings, and the store its parts, markers, manifests and plans go to. */
public record Sink(SinkSettings settings, PartStore store) implements AutoCloseable {
    public Sink {
        requireNonNull(settings, "settings");
        requireNonNull(store, "store");
    }

    /** Opens the store the settings name; S3, MinIO and any S3-compatible store are one implementation. */
    public static Sink open(SinkSettings settings) {
        return new Sink(settings, S3PartStore.open(settings));
    }

    public SinkLayout layout() {
        return settings.layout();
    }

    @Override
    public void close() {
        store.close();
    }
}
