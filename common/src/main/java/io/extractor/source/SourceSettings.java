package io.extractor.source;

import static java.util.Objects.requireNonNull;

/**
 * A named MySQL connection. The password never leaves this record: {@link #toString()} hides it and the URL it
 * prints has any inline password removed.
 */
public record SourceSettings(String name, String url, String user, String password) {

    public SourceSettings {
        requireNonNull(name, "name");
        requireNonNull(url, "url");
        if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("source " + name + ": url must start with jdbc:mysql:, got " + Redaction.url(url));
        }
    }

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", url=" + Redaction.url(url) + ", user=" + user + ", password=***]";
    }
}
