package io.extractor.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A named MySQL connection. The password never leaves this record: {@link #toString()} hides it and the URL it
 * prints has any inline password removed.
 *
 * @param connectTimeout longest wait for the source to accept a connection and complete its handshake; a source
 *                       that accepts TCP and never answers fails after this, not never
 */
public record SourceSettings(String name, String url, String user, String password, Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

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
    }

    public SourceSettings(String name, String url, String user, String password) {
        this(name, url, user, password, DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", url=" + Redaction.url(url) + ", user=" + user + ", password=***, connectTimeout="
                + connectTimeout + "]";
    }
}
