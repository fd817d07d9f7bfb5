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

    /** Runs statements in one session of the test database. */
    public static void sql(String... statements) throws SQLException {
        try (Connection c = TestServices.mysql(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
