package io.extractor.worker.extract;

import static java.util.Objects.requireNonNull;

import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Connections to one source, kept between tasks so a short task does not pay a connection handshake. A
 * connection goes back only after a task read its range to the end; one that was aborted or failed is closed.
 */
public final class SourceConnections implements AutoCloseable {
    private final SourceSettings source;
    private final SourceDialect dialect;
    private final int maxIdle;
    private final boolean cursorFetch;
    private final Duration readTimeout;
    private final long maxRowBytes;
    private final Deque<Connection> idle = new ArrayDeque<>();

    /**
     * @param readTimeout longest the source may stay silent during a read
     * @param maxRowBytes largest row accepted; a larger one fails the read with a {@code PacketTooBigException}
     */
    public SourceConnections(SourceSettings source, int maxIdle, boolean cursorFetch, Duration readTimeout, long maxRowBytes) {
        this.source = requireNonNull(source, "source");
        this.dialect = SourceDialect.of(source);
        this.maxIdle = maxIdle;
        this.cursorFetch = cursorFetch;
        this.readTimeout = requireNonNull(readTimeout, "readTimeout");
        this.maxRowBytes = maxRowBytes;
    }

    public SourceSettings source() {
        return source;
    }

    /** How to talk to this source: its catalog, column mappings and range queries. */
    public SourceDialect dialect() {
        return dialect;
    }

    public Connection take() throws SQLException {
        while (true) {
            Connection connection;
            synchronized (idle) {
                connection = idle.poll();
            }
            if (connection == null) {
                return dialect.open(source, readTimeout, cursorFetch, maxRowBytes);
            }
            if (connection.isValid(2)) {
                return connection;
            }
            closeQuietly(connection);
        }
    }

    /** Returns a connection after a clean read, or closes it when the read did not end cleanly. */
    public void give(Connection connection, boolean clean) {
        if (clean) {
            synchronized (idle) {
                if (idle.size() < maxIdle) {
                    idle.push(connection);
                    return;
                }
            }
        }
        closeQuietly(connection);
    }

    @Override
    public void close() {
        List<Connection> closing;
        synchronized (idle) {
            closing = List.copyOf(idle);
            idle.clear();
        }
        // closing says goodbye to the server: outside the lock, so a slow source does not stall take and give
        closing.forEach(SourceConnections::closeQuietly);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // an aborted or dead connection
        }
    }
}
