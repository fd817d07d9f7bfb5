package io.extractor.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Source tables the tests extract, created in the test database. */
public final class SourceTables {
    private SourceTables() {
    }

    /**
     * A table with a column of every MySQL type the extractor maps, ids -5, 0, 7, 8 and 1000..1050 (so gaps and
     * negative ids), one row of minimum values, one of maximum values, one of NULLs in every column, one of zero
     * dates, Korean text, emoji, latin1 text, a 100,000-character LONGTEXT and random bytes: 55 rows.
     */
    public static void createAllTypes(String table) throws SQLException {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + table + """
                 (
                  id BIGINT NOT NULL PRIMARY KEY,
                  ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED,
                  i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
                  b1 TINYINT(1), bt BIT(1), b9 BIT(9), b64 BIT(64),
                  f FLOAT, d DOUBLE,
                  d92 DECIMAL(9,2), d184 DECIMAL(18,4), d3810 DECIMAL(38,10), d65 DECIMAL(65,30),
                  dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME, tm6 TIME(6), yr YEAR,
                  c CHAR(5), vc VARCHAR(100), tx TEXT, lt LONGTEXT, l1 VARCHAR(20) CHARACTER SET latin1,
                  bn BINARY(4), vb VARBINARY(20), bl BLOB,
                  j JSON, e ENUM('small','medium','large'), st SET('a','b','c')
                ) DEFAULT CHARSET = utf8mb4""");
        statements.add("SET time_zone = '+00:00'");
        statements.add("INSERT INTO " + table + " VALUES (-5,"
                + " -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
                + " 0, b'0', b'0', b'0',"
                + " -3.4028234e38, -1.7976931348623157e308,"
                + " -9999999.99, -99999999999999.9999, -9999999999999999999999999999.9999999999,"
                + " -99999999999999999999999999999999999.999999999999999999999999999999,"
                + " '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000', '00:00:00', '00:00:00.000000', 1901,"
                + " '', '', '', '', '', 0x00000000, X'', X'', '[]', 'small', '')");
        statements.add("INSERT INTO " + table + " (id) VALUES (0)");
        statements.add("INSERT INTO " + table + " VALUES (7,"
                + " 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,"
                + " 1, b'1', b'111111111', 0xFFFFFFFFFFFFFFFF,"
                + " 3.4028234e38, 1.7976931348623157e308,"
                + " 9999999.99, 99999999999999.9999, 9999999999999999999999999999.9999999999,"
                + " 99999999999999999999999999999999999.999999999999999999999999999999,"
                + " '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '23:59:59', '23:59:59.999999', 2155,"
                + " 'abcde', '한국어 텍스트 😀', 'emoji 🎉 and 中文', REPEAT('x', 100000), 'café', 0xDEADBEEF, 0x00FF00, RANDOM_BYTES(1000),"
                + " '{\"k\": \"값\", \"n\": [1, 2.5, null]}', 'large', 'a,c')");
        statements.add("SET SESSION sql_mode = ''");
        statements.add("INSERT INTO " + table + " (id, dt, dtm, dtm6) VALUES (8, '0000-00-00', '0000-00-00 00:00:00', '2024-00-00 00:00:00')");
        StringBuilder rows = new StringBuilder("INSERT INTO " + table + " (id, ti, i, bu, b1, f, d, d92, d184, dt, dtm6, ts, tm6, vc, j, e, st) VALUES ");
        for (int id = 1000; id <= 1050; id++) {
            rows.append(id > 1000 ? "," : "").append("(").append(id).append(", ").append(id % 100 - 50).append(", ").append(id * 7919)
                    .append(", ").append(id).append("000000000000000, ").append(id % 2).append(", ").append(id).append(".1, 0.1 * ").append(id)
                    .append(", -").append(id).append(".05, ").append(id).append(".0001, '2024-02-").append(id % 28 + 1)
                    .append("', '2024-02-29 12:34:56.").append(id).append("', '2024-02-29 12:34:56.789', '01:02:03.00000").append(id % 10)
                    .append("', '행 ").append(id).append("', '{\"id\": ").append(id).append("}', 'medium', 'b')");
        }
        statements.add(rows.toString());
        sql(statements.toArray(String[]::new)); // one session: the time zone and sql_mode apply to the inserts
    }

    /**
     * An orders-like table of {@code rows} rows generated inside the database: ids with a gap after every 97, a
     * status, a DECIMAL, a DATETIME(3), a nullable Korean VARCHAR, a nullable DOUBLE and a nullable JSON.
     */
    public static void createOrders(String table, long rows) throws SQLException {
        createOrders(table, rows, 0);
    }

    /**
     * As {@link #createOrders(String, long)}, plus a {@code payload} column of {@code payloadChars} hex characters
     * per row (about half of that after compression), to make parts big enough for several upload pieces.
     */
    public static void createOrders(String table, long rows, int payloadChars) throws SQLException {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + table + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, status VARCHAR(16) NOT NULL,"
                + " amount DECIMAL(12,2) NOT NULL, created_at DATETIME(3) NOT NULL, note VARCHAR(255) NULL, score DOUBLE NULL, attrs JSON NULL,"
                + " payload TEXT NOT NULL) DEFAULT CHARSET = utf8mb4");
        statements.add("CREATE TEMPORARY TABLE digits (d INT NOT NULL PRIMARY KEY)");
        statements.add("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
        statements.add("INSERT INTO " + table + " SELECT n + FLOOR(n / 97) + 1, ELT(1 + n % 4, 'paid', 'shipped', 'void', 'refunded'),"
                + " ROUND((n * 37) % 100000 / 100, 2), TIMESTAMPADD(MICROSECOND, (n % 1000) * 1000, TIMESTAMP('2024-01-01') + INTERVAL n SECOND),"
                + " IF(n % 5 = 0, NULL, CONCAT('주문 #', n)), IF(n % 7 = 0, NULL, n / 3.0),"
                + " IF(n % 3 = 0, NULL, CONCAT('{\"n\": ', n, '}')),"
                + " LEFT(" + payload(payloadChars) + ", " + payloadChars + ")"
                + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n"
                + " FROM digits a, digits b, digits c, digits e, digits f, digits g) s WHERE n < " + rows);
        sql(statements.toArray(String[]::new));
    }

    /** Distinct SHA-512 hex digests of the row number: about 4 bits of entropy per character, no repeats to compress. */
    private static String payload(int chars) {
        StringBuilder concat = new StringBuilder("CONCAT(''");
        for (int i = 0; i * 128 < chars; i++) {
            concat.append(", SHA2(CONCAT(n, '-").append(i).append("'), 512)");
        }
        return concat.append(")").toString();
    }

    /** Runs statements in one session of the test database. */
    public static void sql(String... statements) throws SQLException {
        try (Connection c = TestServices.mysql(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
