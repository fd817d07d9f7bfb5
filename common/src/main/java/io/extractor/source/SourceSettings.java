package io.extractor.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A named MySQL connection. The password never leaves this record: {@link #toString()} hides it and the URL it
 * prints has any inline password removed.
 *
 * @param connectTimeout longest wait for the source to accept a connection and complete its handshake; a source
 *                       that accepts TCP and never answers fails after this, not never
 * @param maxStreams     tasks that may read from this source at once, across all workers; 0 for no cap
 */
public record SourceSettings(String name, String url, String user, String password, Duration connectTimeout, int maxStreams) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_STREAMS = 32;

    public SourceSettings {
        requireNonNull(name, "name");
        requireNonNull(url, "url");
        requireNonNull(connectTimeout, "connectTimeout");
        if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("source " + name + ": url must start with jdbc:mysql:, got " + Redaction.url(url));
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("source " + name + ": connect-timeout must be positive, got " + connectTimeout);
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("source " + name + ": max-streams must be 0 (no cap) or more, got " + maxStreams);
        }
    }

    public SourceSettings(String name, String url, String user, String password) {
        this(name, url, user, password, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_STREAMS);
    }

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", url=" + Redaction.url(url) + ", user=" + user + ", password=***, connectTimeout="
                + connectTimeout + ", maxStreams=" + maxStreams + "]";
    }
}
