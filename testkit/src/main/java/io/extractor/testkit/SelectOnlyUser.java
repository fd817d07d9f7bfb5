package io.extractor.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A source user granted nothing but {@code SELECT} on the test database, as the README's "The source user" asks of
 * a production one: tests plan and extract with it to show that no other grant is needed. Each instance is a user of
 * its own (random name and password), so test runs side by side never change each other's password or drop each
 * other's user; {@link #close()} drops it. Created by the tests' admin user ({@link TestServices#mysql()}).
 */
public final class SelectOnlyUser implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String host;
    private final String password;

    private SelectOnlyUser(String name, String host, String password) {
        this.name = name;
        this.host = host;
        this.password = password;
    }

    /**
     * Creates the user for the host the server sees this machine connect from (what {@code USER()} says: {@code
     * 127.0.0.1} with skip_name_resolve, else {@code localhost}), which is where the tests' coordinator and workers
     * connect from too; an account for {@code '%'} would open it to every host for no test's sake.
     *
     * @param tables tables of the test database to grant SELECT on, one grant each; none for the whole database
     */
    public static SelectOnlyUser create(String... tables) throws SQLException {
        String name = "extractor_ro_" + HexFormat.of().formatHex(bytes(4));
        // mixed case, digits and a sign, so a server's password-strength plugin accepts it
        String password = "Ro-" + HexFormat.of().formatHex(bytes(16)) + "-X9";
        try (Connection admin = TestServices.mysql(); Statement statement = admin.createStatement()) {
            String host;
            String database;
            try (ResultSet rs = statement.executeQuery("SELECT SUBSTRING_INDEX(USER(), '@', -1), DATABASE()")) {
                rs.next();
                host = rs.getString(1);
                database = rs.getString(2);
            }
            if (database == null) {
                throw new IllegalStateException("the test MySQL URL " + TestServices.mysqlUrl() + " names no database to grant SELECT on");
            }
            SelectOnlyUser user = new SelectOnlyUser(name, host, password);
            // IF NOT EXISTS and GRANT make a repeated call harmless; the random name keeps concurrent runs apart
            statement.execute("CREATE USER IF NOT EXISTS " + user.account() + " IDENTIFIED BY " + literal(password));
            if (tables.length == 0) {
                statement.execute("GRANT SELECT ON " + identifier(database) + ".* TO " + user.account());
            }
            for (String table : tables) {
                statement.execute("GRANT SELECT ON " + identifier(database) + "." + identifier(table) + " TO " + user.account());
            }
            return user;
        }
    }

    public String name() {
        return name;
    }

    public String password() {
        return password;
    }

    /** {@code 'name'@'host'}, as GRANT and DROP USER take it. */
    public String account() {
        return literal(name) + "@" + literal(host);
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = TestServices.mysql(); Statement statement = admin.createStatement()) {
            statement.execute("DROP USER IF EXISTS " + account());
        }
    }

    /** The account, never the password. */
    @Override
    public String toString() {
        return account();
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
