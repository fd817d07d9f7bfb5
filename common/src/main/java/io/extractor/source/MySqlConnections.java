package io.extractor.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Opens connections to a source with the driver settings extraction depends on, whatever the configured URL
 * says: the binary protocol (exact FLOAT, raw temporal values), UTF-8 results for every column charset, UTC
 * session time for TIMESTAMP, and numeric TINYINT(1), BIT and YEAR, whose mapping {@code TypeMapping} decides.
 */
public final class MySqlConnections {
    /** Settings every connection gets; a URL that sets them otherwise is overridden. */
    static final Map<String, String> ENFORCED = Map.ofEntries(
            Map.entry("useServerPrepStmts", "true"),
            Map.entry("useCursorFetch", "false"),
            Map.entry("cachePrepStmts", "false"),
            Map.entry("connectionTimeZone", "UTC"),
            Map.entry("forceConnectionTimeZoneToSession", "true"),
            Map.entry("characterEncoding", "UTF-8"),
            Map.entry("characterSetResults", "UTF-8"),
            Map.entry("tinyInt1isBit", "false"),
            Map.entry("transformedBitIsBoolean", "false"),
            Map.entry("yearIsDateType", "false"),
            Map.entry("zeroDateTimeBehavior", "CONVERT_TO_NULL"),
            Map.entry("allowMultiQueries", "false"),
            // a streaming read can pause while the pipeline behind it is full; give the server room to wait
            Map.entry("netTimeoutForStreamingResults", "3600"));

    private MySqlConnections() {
    }

    /** A connection whose queries stream their rows (Connector/J's streaming mode). */
    public static Connection open(SourceSettings source) throws SQLException {
        return open(source, false);
    }

    /**
     * @param cursorFetch read through server-side cursors instead of streaming: each statement's fetch size is then
     *                    the rows fetched per round trip
     */
    public static Connection open(SourceSettings source, boolean cursorFetch) throws SQLException {
        Properties properties = new Properties();
        if (source.user() != null) {
            properties.setProperty("user", source.user());
        }
        if (source.password() != null) {
            properties.setProperty("password", source.password());
        }
        properties.putAll(ENFORCED);
        if (cursorFetch) {
            properties.setProperty("useCursorFetch", "true");
        }
        try {
            return DriverManager.getConnection(withoutEnforced(source.url()), properties);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to source " + source.name() + " at " + Redaction.url(source.url()) + ": "
                    + Redaction.secrets(e.getMessage(), java.util.Collections.singleton(source.password())), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Drops URL parameters we enforce, because Connector/J lets the URL win over connection properties. */
    static String withoutEnforced(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder(url.substring(0, query));
        char separator = '?';
        for (String parameter : url.substring(query + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (parameter.isEmpty() || ENFORCED.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                continue;
            }
            kept.append(separator).append(parameter);
            separator = '&';
        }
        return kept.toString();
    }
}
