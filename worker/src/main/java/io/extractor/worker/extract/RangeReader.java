package io.extractor.worker.extract;

import static java.util.Objects.requireNonNull;

import io.extractor.source.RangeQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * Streams one range out of MySQL: rows arrive one at a time from the server (Connector/J's streaming mode, the
 * same as MySQLdb's SSCursor), never as a buffered result set, and go into bounded batches. Stopping early
 * aborts the connection instead of draining what the server still has to send.
 */
public final class RangeReader {
    /** Receives each full batch and gives back an empty one to fill next. */
    @FunctionalInterface
    public interface BatchExchange {
        RowBatch exchange(RowBatch full) throws InterruptedException;
    }

    private final Connection connection;
    private final Executor abortExecutor;
    private final int fetchSize;
    private volatile boolean aborted;
    private volatile boolean truncated;

    /** @param fetchSize 0 to stream; positive to fetch that many rows per round trip through a server-side cursor */
    public RangeReader(Connection connection, Executor abortExecutor, int fetchSize) {
        this.connection = requireNonNull(connection, "connection");
        this.abortExecutor = requireNonNull(abortExecutor, "abortExecutor");
        this.fetchSize = fetchSize;
    }

    /**
     * Runs the query and streams every row through {@code exchange} until the rows end or {@code bound} says a row
     * lies past the range's end (after a split); the last, possibly partial, batch is handed over too. Returns the
     * rows read. A read ended early by the bound leaves the connection aborted ({@link #truncated}).
     */
    public long read(RangeQuery query, RowBatch first, BatchExchange exchange, RowCounter counter, RangeBound bound)
            throws SQLException, InterruptedException {
        long rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // Connector/J streams rows with MIN_VALUE; a positive size needs a connection opened for cursor fetch
            statement.setFetchSize(fetchSize > 0 ? fetchSize : Integer.MIN_VALUE);
            query.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                RowBatch batch = first;
                while (rs.next()) {
                    if (!bound.admit(rs)) {
                        truncate(); // draining the rest of a streaming result would read the whole old range
                        break;
                    }
                    rows++;
                    if (batch.append(rs)) {
                        bound.read(rs);
                        counter.add(batch.size());
                        batch = exchange.exchange(batch);
                    }
                }
                bound.finish();
                counter.add(batch.size());
                exchange.exchange(batch);
            } catch (SQLException closing) {
                if (!truncated) {
                    throw closing;
                }
                // closing a result set under an aborted connection fails; its rows were all handed over already
            }
        } catch (SQLException e) {
            if (truncated && !aborted) {
                return rows;
            }
            if (aborted) {
                throw new InterruptedException("read stopped: " + e.getMessage());
            }
            throw e;
        } finally {
            bound.finish();
        }
        return rows;
    }

    /** Whether the last read ended early at a split, leaving the connection unusable. */
    public boolean truncated() {
        return truncated;
    }

    private void truncate() {
        truncated = true;
        try {
            connection.abort(abortExecutor);
        } catch (SQLException ignored) {
            // the connection is being torn down either way
        }
    }

    /**
     * Stops a read in progress from another thread by closing the connection under it; closing a streaming result
     * set would instead read every remaining row of the range.
     */
    public void abort() {
        aborted = true;
        try {
            connection.abort(abortExecutor);
        } catch (SQLException ignored) {
            // the connection is being torn down either way
        }
    }

    /** Progress seen from outside the reading thread (heartbeats report it). */
    @FunctionalInterface
    public interface RowCounter {
        void add(long rows);
    }
}
