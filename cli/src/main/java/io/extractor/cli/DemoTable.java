package io.extractor.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * An orders table shaped like real data, generated inside MySQL from a cross join of digits (no client round
 * trip per row). Reused when a table with the same shape and size already exists.
 *
 * <p>Columns: BIGINT UNSIGNED id, customer id, status, DECIMAL(12,2) amount, CHAR(3) currency, DATETIME(3),
 * TIMESTAMP, nullable VARCHAR(255) with Korean text and emoji, TINYINT(1), nullable DOUBLE, nullable small JSON,
 * and a BIGINT UNSIGNED holding values above 2^63.
 */
final class DemoTable {
    /** How ids are laid out. */
    enum Shape {
        /** Ids 1..n with one gap every 100 ids. */
        DEMO,
        /** 90% of rows on dense ids from 1, the rest a sparse tail with a gap of 20 between ids. */
        ORDERS
    }

    private static final long BATCH = 1_000_000;

    private DemoTable() {
    }

    /** Creates and fills the table unless it already holds exactly this shape and size. Returns its row count. */
    static long ensure(Connection connection, String table, long rows, Shape shape, PrintStream out) throws SQLException {
        String marker = "extractor demo table v1: " + shape.name().toLowerCase(Locale.ROOT) + " " + rows;
        if (marker.equals(comment(connection, table)) && count(connection, table) == rows) {
            out.printf("  reusing %s: %,d rows%n", table, rows);
            return rows;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS `" + table + "`");
            s.execute("CREATE TABLE `" + table + "` ("
                    + " id BIGINT UNSIGNED NOT NULL PRIMARY KEY,"
                    + " customer_id INT NOT NULL,"
                    + " status VARCHAR(16) NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL,"
                    + " currency CHAR(3) NOT NULL,"
                    + " created_at DATETIME(3) NOT NULL,"
                    + " updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " note VARCHAR(255) NULL,"
                    + " is_gift TINYINT(1) NOT NULL,"
                    + " score DOUBLE NULL,"
                    + " attrs JSON NULL,"
                    + " external_ref BIGINT UNSIGNED NOT NULL"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='" + marker + "'");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("DROP TEMPORARY TABLE IF EXISTS extractor_digits");
            s.execute("CREATE TEMPORARY TABLE extractor_digits (d INT NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO extractor_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
        }
        long dense = shape == Shape.ORDERS ? rows * 9 / 10 : rows;
        long started = System.nanoTime();
        for (long from = 0; from < rows; from += BATCH) {
            long to = Math.min(rows, from + BATCH);
            String id = shape == Shape.DEMO
                    ? "(n + FLOOR(n / 99) + 1)"
                    : "IF(n < " + dense + ", n + 1, " + dense + " + (n - " + dense + " + 1) * 20)";
            String sql = "INSERT INTO `" + table + "` SELECT " + id + ","
                    + " (n * 7919) % 100000 + 1,"
                    + " ELT(1 + n % 5, 'paid', 'shipped', 'pending', 'cancelled', 'refunded'),"
                    + " ROUND((n * 37) % 100000 / 100 + 0.99, 2),"
                    + " ELT(1 + n % 3, 'KRW', 'USD', 'EUR'),"
                    + " TIMESTAMPADD(MICROSECOND, (n % 1000) * 1000, TIMESTAMP('2024-01-01') + INTERVAL n SECOND),"
                    + " TIMESTAMP('2024-06-01') + INTERVAL (n % 50000000) SECOND,"
                    + " IF(n % 4 = 0, NULL, CONCAT('주문 메모 #', n, IF(n % 10 = 0, ' 선물 포장 🎁', ''))),"
                    + " n % 10 = 0,"
                    + " IF(n % 7 = 0, NULL, (n % 1000) / 7.0),"
                    + " IF(n % 3 = 0, NULL, CONCAT('{\"channel\": \"', ELT(1 + n % 3, 'web', 'app', 'store'), '\", \"items\": ', 1 + n % 5, '}')),"
                    + " 9223372036854775808 + n * 1000"
                    + " FROM (SELECT " + from + " + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n"
                    + "       FROM extractor_digits a, extractor_digits b, extractor_digits c, extractor_digits e, extractor_digits f, extractor_digits g) s"
                    + " WHERE n < " + to;
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(sql);
            }
            out.printf("  %s: %,d of %,d rows generated (%.0f s)%n", table, to, rows, (System.nanoTime() - started) / 1e9);
        }
        return count(connection, table);
    }

    static long count(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return -1;
            }
            throw e;
        }
    }

    private static String comment(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
