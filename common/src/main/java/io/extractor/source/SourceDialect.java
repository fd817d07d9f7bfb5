package io.extractor.source;

import io.extractor.plan.ColumnPlan;
import io.extractor.plan.IdRange;
import io.extractor.plan.TablePlan;
import io.extractor.source.mysql.MySqlDialect;
import io.extractor.types.ColumnMapping;
import io.extractor.types.TypeChoice;
import io.extractor.types.UnsupportedColumnException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Everything that depends on which database a source is (the role of Trino's {@code JdbcClient}): how to connect,
 * its catalog, how its column types map to Parquet, the SQL of a task's range and of the check of a {@code where}.
 * The planner and the worker reach a source only through here. MySQL and MariaDB are {@link MySqlDialect}; a
 * second database would be one new package beside {@code source.mysql} and one line in {@link #of}.
 */
public interface SourceDialect {
    /** The dialect of a configured source, by its JDBC URL. */
    static SourceDialect of(SourceSettings source) {
        String url = source.url();
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            return MySqlDialect.INSTANCE;
        }
        throw new IllegalArgumentException("source " + source.name() + ": no dialect for " + Redaction.url(url));
    }

    /**
     * A connection with the settings extraction depends on, whatever the URL says.
     *
     * @param readTimeout    longest wait for the source to send anything once connected; zero for no limit
     * @param cursorFetch    read through server-side cursors instead of streaming
     * @param maxPacketBytes largest row accepted from the source before the read fails; 0 for the driver's default
     */
    Connection open(SourceSettings source, Duration readTimeout, boolean cursorFetch, long maxPacketBytes) throws SQLException;

    /** A connection whose queries stream their rows. */
    default Connection open(SourceSettings source, Duration readTimeout) throws SQLException {
        return open(source, readTimeout, false, 0);
    }

    Catalog catalog(Connection connection);

    /** The largest value an integer id column's type can hold; a range ending above it needs no upper bound. */
    BigInteger idTypeMax(ColumnInfo id);

    /** The choices that fit a column, in the order the README lists them; empty when the column has only one form. */
    List<TypeChoice> choices(ColumnInfo column);

    /**
     * Plans one column: its kind and the digits its Parquet type needs.
     *
     * @param choice            the table's choice for the column, one of {@link #choices}; null for the default
     * @param tinyint1AsBoolean the coordinator's default for TINYINT(1) when there is no choice
     * @throws UnsupportedColumnException the column's type has no Parquet mapping
     */
    ColumnPlan plan(ColumnInfo column, TypeChoice choice, boolean tinyint1AsBoolean) throws UnsupportedColumnException;

    /** The mapping of a planned column: Parquet type, vector, reader and dictionary hint, checked against each other. */
    ColumnMapping mapping(ColumnPlan column);

    default List<ColumnMapping> mappings(List<ColumnPlan> columns) {
        return columns.stream().map(this::mapping).toList();
    }

    /** The query of one task: its columns of the rows in {@code range}, narrowed by the table's {@code where}. */
    RangeQuery rangeQuery(TablePlan table, IdRange range);

    /** What is wrong with a {@code where} as text (an escape from its parentheses, a comment), or null. */
    String filterProblem(String where);

    /** A query that has the server parse a {@code where} against the table and return nothing. */
    String filterProbe(TableInfo table, String where);

    /**
     * Why the server refused the {@link #filterProbe} of {@code where}, for an answer: the error's code, what it
     * means and, where the server says, where in the filter ("near position 12"). Never any text of the server's
     * message, which can hold values the filter read.
     */
    String filterRejection(SQLException error, TableInfo table, String where);

    /**
     * An error's code and what it means in general, for an answer ({@code error 1045 (access denied ...)}). Never
     * any text of its message, which can name the source's host and user or hold values a statement read.
     */
    String describe(SQLException error);

    /** What an error of this database means for a task: its failure kind and what to do about it. */
    SourceFailure classify(SQLException error);

    /** Whether an error says the server was lost or ran out of time, rather than anything about the statement. */
    boolean unavailable(SQLException error);
}
