package io.extractor.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares Parquet output with its source table value by value, reading the Parquet files with DuckDB, a reader
 * that shares no code with the writer. Each column is brought to one canonical text on both sides, computed by
 * each engine from its own typed value: integers and decimals as numbers, floats by their bits, dates as days
 * and timestamps as microseconds since 1970 (TIMESTAMP read in UTC), TIME as microseconds of the day, binary as
 * hex, text as itself.
 */
public final class ParquetVerifier {
    private ParquetVerifier() {
    }

    /** What one verification found; {@link #differences()} is empty when output and source agree exactly. */
    public record Result(long sourceRows, long parquetRows, List<String> differences) {
    }

    public static Result compare(String table, String idColumn, List<Path> parts) throws SQLException {
        return compare(table, idColumn, null, parts);
    }

    /**
     * @param table a table of the test database
     * @param where the same filter the job used, or null
     */
    public static Result compare(String table, String idColumn, String where, List<Path> parts) throws SQLException {
        List<Column> columns;
        Map<String, List<String>> source;
        try (Connection mysql = TestServices.mysqlBinaryProtocol()) {
            columns = columns(mysql, table);
            source = sourceRows(mysql, table, idColumn, where, columns);
        }
        Map<String, List<String>> parquet = new HashMap<>();
        List<String> differences = new ArrayList<>();
        long parquetRows = 0;
        if (!parts.isEmpty()) {
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duck.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
                String files = parts.stream().map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
                String select = columns.stream().map(ParquetVerifier::duckExpression).collect(Collectors.joining(", "));
                int idIndex = indexOf(columns, idColumn);
                try (ResultSet rs = statement.executeQuery("SELECT " + select + " FROM read_parquet(" + files + ")")) {
                    while (rs.next()) {
                        parquetRows++;
                        List<String> row = new ArrayList<>(columns.size());
                        for (int c = 0; c < columns.size(); c++) {
                            row.add(canonical(columns.get(c), rs, c + 1));
                        }
                        String id = row.get(idIndex);
                        if (parquet.put(id, row) != null) {
                            differences.add("id " + id + " appears more than once in the output");
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> expected : source.entrySet()) {
            List<String> actual = parquet.get(expected.getKey());
            if (actual == null) {
                differences.add("id " + expected.getKey() + " is missing from the output");
                continue;
            }
            for (int c = 0; c < columns.size(); c++) {
                if (!expected.getValue().get(c).equals(actual.get(c))) {
                    differences.add("id " + expected.getKey() + ", column " + columns.get(c).name + " (" + columns.get(c).type + "): source "
                            + expected.getValue().get(c) + ", parquet " + actual.get(c));
                }
            }
        }
        for (String id : parquet.keySet()) {
            if (!source.containsKey(id)) {
                differences.add("id " + id + " is in the output but not in the source");
            }
        }
        return new Result(source.size(), parquetRows, differences.size() > 50 ? differences.subList(0, 50) : differences);
    }

    private record Column(String name, String dataType, String type) {
        boolean tinyint1() {
            return type.startsWith("tinyint(1)");
        }
    }

    private static List<Column> columns(Connection mysql, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement statement = mysql.prepareStatement("""
                SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION""")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3).toLowerCase(Locale.ROOT)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no table " + table);
        }
        return columns;
    }

    private static Map<String, List<String>> sourceRows(Connection mysql, String table, String idColumn, String where, List<Column> columns)
            throws SQLException {
        try (Statement statement = mysql.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        String select = columns.stream().map(ParquetVerifier::mysqlExpression).collect(Collectors.joining(", "));
        String sql = "SELECT " + select + " FROM `" + table + "`" + (where == null ? "" : " WHERE " + where);
        int idIndex = indexOf(columns, idColumn);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (PreparedStatement statement = mysql.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int c = 0; c < columns.size(); c++) {
                    row.add(canonical(columns.get(c), rs, c + 1));
                }
                rows.put(row.get(idIndex), row);
            }
        }
        return rows;
    }

    private static String mysqlExpression(Column column) {
        String c = "`" + column.name + "`";
        return switch (column.dataType) {
            case "bit" -> "CAST(" + c + " + 0 AS CHAR)";
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year", "decimal" -> "CAST(" + c + " AS CHAR)";
            case "date" -> "CAST(DATEDIFF(" + c + ", '1970-01-01') AS CHAR)";
            case "datetime", "timestamp" -> "CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + c + ") AS CHAR)";
            case "time" -> "CAST((HOUR(" + c + ") * 3600 + MINUTE(" + c + ") * 60 + SECOND(" + c + ")) * 1000000 + MICROSECOND(" + c + ") AS CHAR)";
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "HEX(" + c + ")";
            default -> c; // text as itself; FLOAT and DOUBLE as binary-protocol values, exact
        };
    }

    private static String duckExpression(Column column) {
        String c = "\"" + column.name.replace("\"", "\"\"") + "\"";
        return switch (column.dataType) {
            case "bit" -> "CAST(CAST(" + c + " AS HUGEINT) AS VARCHAR)";
            case "tinyint" -> column.tinyint1() ? "CAST(CAST(" + c + " AS INTEGER) AS VARCHAR)" : "CAST(" + c + " AS VARCHAR)";
            case "date" -> "CAST(" + c + " - DATE '1970-01-01' AS VARCHAR)";
            case "datetime", "timestamp" -> "CAST(epoch_us(" + c + ") AS VARCHAR)";
            case "time" -> "CAST(epoch_us(DATE '1970-01-01' + " + c + ") AS VARCHAR)";
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "hex(" + c + ")";
            case "float", "double", "real" -> c;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json" -> c;
            default -> "CAST(" + c + " AS VARCHAR)";
        };
    }

    private static String canonical(Column column, ResultSet rs, int index) throws SQLException {
        switch (column.dataType) {
            case "float" -> {
                float f = rs.getFloat(index);
                return rs.wasNull() ? "NULL" : "f" + Integer.toHexString(Float.floatToIntBits(f));
            }
            case "double", "real" -> {
                double d = rs.getDouble(index);
                return rs.wasNull() ? "NULL" : "d" + Long.toHexString(Double.doubleToLongBits(d));
            }
            case "decimal" -> {
                String s = rs.getString(index);
                return s == null ? "NULL" : new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
            }
            default -> {
                String s = rs.getString(index);
                return s == null ? "NULL" : s;
            }
        }
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }
}
