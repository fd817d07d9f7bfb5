package io.extractor.source.mysql;

import static java.util.Objects.requireNonNull;

import io.extractor.plan.IdRange;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.RangeQuery;
import io.extractor.source.TableInfo;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MySQL's and MariaDB's catalog: table metadata from information_schema; names from a spec are bound as parameters, never pasted. */
public final class MySqlCatalog implements Catalog {
    private static final Pattern JSON_VALID = Pattern.compile("(?i)^\\s*json_valid\\(\\s*`((?:[^`]|``)+)`\\s*\\)\\s*$");

    private final Connection connection;

    public MySqlCatalog(Connection connection) {
        this.connection = requireNonNull(connection, "connection");
    }

    @Override
    public String defaultDatabase() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT DATABASE()");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public Optional<TableInfo> table(String database, String table) throws SQLException {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        String actualName = null;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    // information_schema compares names without case; prefer the exact spelling when both exist
                    if (actualName == null || name.equals(table)) {
                        actualName = name;
                    }
                }
            }
        }
        if (actualName == null) {
            return Optional.empty();
        }
        Set<String> jsonColumns = jsonCheckedColumns(database, actualName);
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION
                FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
                ORDER BY ORDINAL_POSITION""")) {
            statement.setString(1, database);
            statement.setString(2, actualName);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String dataType = rs.getString(2);
                    columns.add(new ColumnInfo(
                            name,
                            dataType,
                            rs.getString(3),
                            "YES".equalsIgnoreCase(rs.getString(4)),
                            rs.getInt(5),
                            rs.getInt(6),
                            rs.getInt(7),
                            "json".equalsIgnoreCase(dataType) || jsonColumns.contains(name)));
                }
            }
        }
        List<String> primaryKey = new ArrayList<>();
        Set<String> leading = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME
                FROM information_schema.STATISTICS
                WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
                ORDER BY INDEX_NAME, SEQ_IN_INDEX""")) {
            statement.setString(1, database);
            statement.setString(2, actualName);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    int seq = rs.getInt(2);
                    String column = rs.getString(3);
                    if ("PRIMARY".equals(index)) {
                        primaryKey.add(column);
                    }
                    if (seq == 1) {
                        leading.add(column);
                    }
                }
            }
        }
        return Optional.of(new TableInfo(database, actualName, columns, primaryKey, leading));
    }

    @Override
    public Map<String, String> columnTypes(String database, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return types;
    }

    @Override
    public Optional<IdBounds> bounds(TableInfo table, ColumnInfo id, int timeoutSeconds) throws SQLException {
        String column = Identifiers.quote(id.name());
        String sql = "SELECT CAST(MIN(" + column + ") AS CHAR), CAST(MAX(" + column + ") AS CHAR) FROM "
                + Identifiers.quote(table.database(), table.name());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                String min = rs.getString(1);
                String max = rs.getString(2);
                return min == null ? Optional.empty() : Optional.of(new IdBounds(new BigInteger(min), new BigInteger(max)));
            }
        }
    }

    /**
     * {@code EXPLAIN} of the range over the id: the optimizer's row estimate, which InnoDB takes from dives into
     * the id's index (exact for ranges of a few pages, extrapolated from page counts beyond), without reading the
     * rows. The range's bounds are bound as numbers like a task's own query binds them.
     */
    @Override
    public OptionalLong estimateRows(TableInfo table, ColumnInfo id, IdRange range, BigInteger idTypeMax, int timeoutSeconds)
            throws SQLException {
        String column = Identifiers.quote(id.name());
        boolean bounded = range.hi().compareTo(idTypeMax) <= 0;
        String sql = "EXPLAIN SELECT " + column + " FROM " + Identifiers.quote(table.database(), table.name())
                + " WHERE " + column + " >= ?" + (bounded ? " AND " + column + " < ?" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            new RangeQuery(sql, range.lo(), range.hi(), bounded).bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long rows = rs.getLong("rows");
                if (!rs.wasNull()) {
                    return OptionalLong.of(rows);
                }
                String extra = rs.getString("Extra");
                // the optimizer proved the range empty (no row, or a bound outside the type) and estimated nothing
                return extra != null && extra.startsWith("Impossible") ? OptionalLong.of(0) : OptionalLong.empty();
            }
        }
    }

    /** {@code EXPLAIN} of a scan of the whole table: InnoDB's row count from its statistics (what ANALYZE TABLE refreshes). */
    @Override
    public OptionalLong estimateTableRows(TableInfo table, int timeoutSeconds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN SELECT 1 FROM " + Identifiers.quote(table.database(), table.name()))) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long rows = rs.getLong("rows");
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(rows);
            }
        }
    }

    /** MariaDB stores JSON as LONGTEXT with a json_valid(col) check; MySQL has a real JSON type and no such table. */
    private Set<String> jsonCheckedColumns(String database, String table) {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Matcher matcher = JSON_VALID.matcher(rs.getString(1));
                    if (matcher.matches()) {
                        columns.add(matcher.group(1).replace("``", "`"));
                    }
                }
            }
        } catch (SQLException notMariaDb) {
            // MySQL's CHECK_CONSTRAINTS has no TABLE_NAME column: JSON columns there are typed as json already
        }
        return columns;
    }
}
