package io.extractor.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The machine's real services: MariaDB/MySQL and Redis on localhost, or wherever the EXTRACTOR_TEST_* variables
 * point. Tests namespace everything they create, so they never collide with each other or a running demo.
 */
public final class TestServices {
    private TestServices() {
    }

    public static String redisUrl() {
        return env("EXTRACTOR_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    }

    public static String mysqlUrl() {
        return env("EXTRACTOR_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
    }

    public static String mysqlUser() {
        return env("EXTRACTOR_TEST_MYSQL_USER", "root");
    }

    public static String mysqlPassword() {
        return env("EXTRACTOR_TEST_MYSQL_PASSWORD", "");
    }

    /** A plain connection for setting up and checking source tables (not the extractor's own settings). */
    public static Connection mysql() throws SQLException {
        return DriverManager.getConnection(mysqlUrl() + (mysqlUrl().contains("?") ? "&" : "?")
                + "characterEncoding=UTF-8&connectionCollation=utf8mb4_general_ci&allowMultiQueries=true", mysqlUser(), mysqlPassword());
    }

    /**
     * A connection whose prepared statements use the binary protocol, which sends FLOAT and DOUBLE as their stored
     * bytes; the text protocol would round FLOAT to 6 digits.
     */
    public static Connection mysqlBinaryProtocol() throws SQLException {
        return DriverManager.getConnection(mysqlUrl() + (mysqlUrl().contains("?") ? "&" : "?")
                + "characterEncoding=UTF-8&useServerPrepStmts=true&zeroDateTimeBehavior=CONVERT_TO_NULL", mysqlUser(), mysqlPassword());
    }

    /** A name no other test run uses: {@code t_<what>_<8 hex>}, valid as a table name, key prefix or bucket. */
    public static String unique(String what) {
        return ("t-" + what + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public static String uniqueTable(String what) {
        return unique(what).replace('-', '_');
    }

    /** Deletes every key under {@code prefix}. */
    public static void deleteKeys(UnifiedJedis redis, String prefix) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!"0".equals(cursor));
    }

    /** Connections open to Redis under a client name (what {@code CLIENT LIST} shows as {@code name=}). */
    public static long redisClients(UnifiedJedis redis, String clientName) {
        Object reply = redis.sendCommand(Protocol.Command.CLIENT, "LIST");
        String list = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
        return list.lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
