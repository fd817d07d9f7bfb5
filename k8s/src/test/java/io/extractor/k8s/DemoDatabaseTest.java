package io.extractor.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.testkit.TestServices;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local overlay's MySQL start-up scripts, run against the tests' MariaDB the way the MySQL image runs them: the
 * SQL file in the overlay's database, the shell script sourced with the image's {@code docker_process_sql} (here a
 * function that runs the same SQL through the mariadb client). The demo table comes out with the rows bin/demo's
 * has, and the extractor's user can read it and nothing else.
 */
class DemoDatabaseTest {
    private static final Path INIT = Tools.moduleDir().resolve("overlays/local/mysql-init");

    @Test
    void theInitScriptsMakeTheDemoTableAndAUserThatMayOnlyReadIt() throws Exception {
        String database = TestServices.uniqueTable("k8s_demo");
        String user = "k8s_demo_" + HexFormat.of().formatHex(random(4));
        String password = "Demo-" + HexFormat.of().formatHex(random(12)) + "-X9";
        try (Connection admin = TestServices.mysql(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
            try {
                statement.execute("USE " + database);
                statement.execute(Files.readString(INIT.resolve("10-demo-orders.sql")));

                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), MIN(id), MAX(id), SUM(note LIKE '%🎁'),"
                        + " MAX(external_ref) > 9223372036854775807 FROM demo_orders")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1_000_000);
                    assertThat(rs.getLong(2)).isEqualTo(1);
                    assertThat(rs.getLong(3)).as("one gap every 100 ids").isEqualTo(1_000_000 + 999_999 / 99);
                    assertThat(rs.getLong(4)).as("emoji survive (every 10th row, but not every 20th, which has no note)").isEqualTo(50_000);
                    assertThat(rs.getBoolean(5)).as("ids above 2^63").isTrue();
                }

                runUserScript(database, user, password);
                try (Connection reader = DriverManager.getConnection(urlOf(database), user, password);
                        Statement read = reader.createStatement()) {
                    try (ResultSet rs = read.executeQuery("SELECT COUNT(*) FROM demo_orders WHERE id < 100")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(99);
                    }
                    assertThatThrownBy(() -> read.executeUpdate("DELETE FROM demo_orders WHERE id = 1"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("command denied");
                }
            } finally {
                statement.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    /** Sources 20-extractor-user.sh as the MySQL image's entrypoint does, with its helper pointed at the test server. */
    private static void runUserScript(String database, String user, String password) {
        URI server = URI.create(TestServices.mysqlUrl().substring("jdbc:".length()));
        String client = Files.exists(Path.of("/usr/bin/mariadb")) ? "mariadb" : "mysql";
        String helper = "docker_process_sql() { " + client + " --protocol=TCP -h" + server.getHost() + " -P" + (server.getPort() < 0 ? 3306 : server.getPort())
                + " -u\"$ADMIN_USER\" ${ADMIN_PASSWORD:+-p\"$ADMIN_PASSWORD\"} \"$@\"; }";
        Tools.Result result = Tools.run(List.of("bash", "-c", "set -euo pipefail; " + helper + "; . \"$SCRIPT\""), Tools.workDir(),
                Duration.ofMinutes(1), Map.of(
                        "SCRIPT", INIT.resolve("20-extractor-user.sh").toString(),
                        "MYSQL_DATABASE", database,
                        "EXTRACTOR_USER", user,
                        "EXTRACTOR_PASSWORD", password,
                        "ADMIN_USER", TestServices.mysqlUser(),
                        "ADMIN_PASSWORD", TestServices.mysqlPassword()));
        assertThat(result.exitCode()).as(result.both()).isZero();
    }

    private static String urlOf(String database) {
        String url = TestServices.mysqlUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
