package io.extractor.source;

import io.extractor.plan.IdRange;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What a source's catalog tells about its tables, over one open connection; names from a spec are bound, never pasted. */
public interface Catalog {
    /** The database an unqualified table name is in, or null when the connection has none. */
    String defaultDatabase() throws SQLException;

    /** The table, or empty when the database has no such table or view. */
    Optional<TableInfo> table(String database, String table) throws SQLException;

    /**
     * Column name (lower case) to full column type ({@code bigint(20) unsigned}) in one query, for a worker's check
     * that a table still matches its plan; empty when the table is gone.
     */
    Map<String, String> columnTypes(String database, String table) throws SQLException;

    /** MIN and MAX of the id, read once: the max is the fixed upper bound of a run. Empty for an empty table. */
    Optional<IdBounds> bounds(TableInfo table, ColumnInfo id, int timeoutSeconds) throws SQLException;

    /**
     * The server's own estimate of the rows with ids in {@code range} (an index dive over the id's index, not a read
     * of the rows), before any {@code where}; empty when the server gives none.
     *
     * @param idTypeMax largest value the id's type holds; a range ending above it is asked for without an upper bound
     */
    OptionalLong estimateRows(TableInfo table, ColumnInfo id, IdRange range, BigInteger idTypeMax, int timeoutSeconds) throws SQLException;

    /** The server's own estimate of the table's rows, from its statistics; empty when it gives none. */
    OptionalLong estimateTableRows(TableInfo table, int timeoutSeconds) throws SQLException;

    /** The smallest and largest id of a table at planning time. */
    record IdBounds(BigInteger min, BigInteger max) {
    }
}
