package io.extractor.source.mysql;

import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Opens connections to a source with the driver settings extraction depends on, whatever the configured URL
 * says: the binary protocol (exact FLOAT, raw temporal values), UTF-8 results for every column charset, UTC
 * session time for TIMESTAMP, numeric TINYINT(1), BIT and YEAR (whose mapping {@code MySqlColumnMappings} decides), a
 * fixed SQL mode, a read-only session, and timeouts so that a source that stops answering fails a call instead of
 * hanging it. Every session the extractor opens on a source (a worker's extraction, the coordinator's planning and
 * its split estimates) is opened here, through {@code SourceDialect.open}.
 */
public final class MySqlConnections {
    /**
     * The session's SQL mode, set on every connection so the submit-time check of a {@code where} and the tasks
     * that run it parse it alike: no ANSI_QUOTES ("x" is a string), no NO_BACKSLASH_ESCAPES (a backslash escapes a
     * quote, as {@code FilterCheck} assumes), no PIPES_AS_CONCAT, no PAD_CHAR_TO_FULL_LENGTH, whatever the
     * server's or the URL's default. Valid on MySQL 5.7+ and MariaDB 10+.
     */
    public static final String SQL_MODE = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
    /**
     * The extractor only reads, so every transaction of its sessions is read-only: a write that gets in anyway (a
     * function in a {@code where} that modifies data, a bug) fails with error 1792 instead of changing the source,
     * whatever the source user is granted. Set after a URL's {@code sessionVariables}, so a URL cannot turn it off.
     * Valid on MySQL 5.6.5+ and MariaDB 10.0+.
     */
    static final String READ_ONLY = "SET SESSION TRANSACTION READ ONLY";

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
    /**
     * Decided here from the source's and the caller's settings ({@code connect-timeout}, the planner's statement
     * timeout, the worker's read timeout and row budget); a URL's values are dropped. A URL's
     * {@code sessionVariables} are kept, but the SQL mode and the read-only session are set after them.
     */
    private static final Set<String> OWNED = Set.of("connectTimeout", "socketTimeout", "maxAllowedPacket");

    private MySqlConnections() {
    }

    /**
     * A connection whose queries stream their rows (Connector/J's streaming mode).
     *
     * @param readTimeout longest wait for the source to send anything once connected; zero for no limit
     */
    public static Connection open(SourceSettings source, Duration readTimeout) throws SQLException {
        return open(source, readTimeout, false, 0);
    }

    /**
     * @param readTimeout    longest wait for the source to send anything once connected; zero for no limit
     * @param cursorFetch    read through server-side cursors instead of streaming: each statement's fetch size is
     *                       then the rows fetched per round trip
     * @param maxPacketBytes largest packet (for a result, about one row) accepted from the server before the read
     *                       fails with a {@code PacketTooBigException}, instead of the row filling the heap; 0 for
     *                       the driver's default
     */
    public static Connection open(SourceSettings source, Duration readTimeout, boolean cursorFetch, long maxPacketBytes) throws SQLException {
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
        long connectMillis = source.connectTimeout().toMillis();
        properties.setProperty("connectTimeout", Long.toString(connectMillis));
        // Connector/J's connectTimeout covers only the TCP connect: the handshake waits for as long as the socket
        // timeout allows, forever when there is none. So the handshake gets the connect timeout too.
        properties.setProperty("socketTimeout", Long.toString(connectMillis));
        if (maxPacketBytes > 0) {
            properties.setProperty("maxAllowedPacket", Long.toString(maxPacketBytes));
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(withoutEnforced(source.url()), properties);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to source " + source.name() + " at " + Redaction.url(source.url()) + ": "
                    + Redaction.secrets(e.getMessage(), java.util.Collections.singleton(source.password())), e.getSQLState(), e.getErrorCode(), e);
        }
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION sql_mode = '" + SQL_MODE + "'");
                statement.execute(READ_ONLY);
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Drops URL parameters we enforce or own, because Connector/J lets the URL win over connection properties. */
    static String withoutEnforced(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder(url.substring(0, query));
        char separator = '?';
        for (String parameter : url.substring(query + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (parameter.isEmpty() || ENFORCED.keySet().stream().anyMatch(name::equalsIgnoreCase) || OWNED.stream().anyMatch(name::equalsIgnoreCase)) {
                continue;
            }
            kept.append(separator).append(parameter);
            separator = '&';
        }
        return kept.toString();
    }
}
