package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.plan.IdRange;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceFailure;
import io.extractor.source.SourceSettings;
import io.extractor.source.TableInfo;
import io.extractor.testkit.SelectOnlyUser;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the extractor may do on a source, against the real MariaDB: every session the dialect opens is read-only,
 * even for a user who may write anything (the tests' root), and a user granted nothing but SELECT can do everything
 * planning, splitting and extraction ask of the source.
 */
class LeastPrivilegeTest {
    private static final SourceDialect DIALECT = MySqlDialect.INSTANCE;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ROWS = 1000;

    private final String table = TestServices.uniqueTable("priv");
    private final String function = TestServices.uniqueTable("writes");
    private final SourceSettings admin = new SourceSettings("db", TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());

    @BeforeEach
    void createTable() throws SQLException {
        SourceTables.sql(
                "CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(20), j JSON, KEY by_note (note))",
                "INSERT INTO " + table + " SELECT seq, CONCAT('row ', seq), JSON_OBJECT('n', seq) FROM seq_1_to_" + ROWS,
                "ANALYZE TABLE " + table);
    }

    @AfterEach
    void dropTable() throws SQLException {
        SourceTables.sql("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + table + "_copy", "DROP FUNCTION IF EXISTS " + function);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "INSERT INTO %s (id, note) VALUES (" + (ROWS + 1) + ", 'injected')",
            "UPDATE %s SET note = 'injected'",
            "DELETE FROM %s",
            "CREATE TABLE %s_copy (id INT)",
            "CREATE TEMPORARY TABLE %s_copy (id INT)",
            "DROP TABLE %s",
            "TRUNCATE TABLE %s",
            "ALTER TABLE %s ADD COLUMN injected INT",
            "SELECT id FROM %s WHERE id = 1 FOR UPDATE"})
    void aSessionTheDialectOpensRefusesEveryWriteEvenForAUserWhoMayWrite(String write) throws SQLException {
        for (boolean cursorFetch : new boolean[] {false, true}) {
            try (Connection connection = DIALECT.open(admin, TIMEOUT, cursorFetch, 0); Statement statement = connection.createStatement()) {
                assertRefusedAsReadOnly(() -> statement.execute(write.formatted(table)));
            }
        }
        assertUnchanged();
    }

    @Test
    void aFunctionThatWritesCalledFromAWhereIsRefusedAndChangesNothing() throws SQLException {
        SourceTables.sql("CREATE FUNCTION " + function + "() RETURNS INT NOT DETERMINISTIC MODIFIES SQL DATA"
                + " BEGIN UPDATE " + table + " SET note = 'injected'; RETURN 1; END");

        try (Connection connection = DIALECT.open(admin, TIMEOUT);
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM " + table + " WHERE id >= ? AND (" + function + "() = 1)")) {
            statement.setLong(1, 1);
            assertRefusedAsReadOnly(() -> statement.executeQuery().close());
        }
        assertUnchanged();
    }

    @Test
    void aUrlsSessionVariablesCannotTurnTheReadOnlySessionOff() throws SQLException {
        String variable = readOnlyVariable();
        String url = TestServices.mysqlUrl() + (TestServices.mysqlUrl().contains("?") ? "&" : "?") + "sessionVariables=" + variable + "=0";
        SourceSettings source = new SourceSettings("db", url, TestServices.mysqlUser(), TestServices.mysqlPassword());

        try (Connection connection = DIALECT.open(source, TIMEOUT); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT @@SESSION." + variable)) {
                rs.next();
                assertThat(rs.getInt(1)).as(variable).isEqualTo(1);
            }
            assertRefusedAsReadOnly(() -> statement.execute("DELETE FROM " + table));
        }
        assertUnchanged();
    }

    @Test
    void aUserGrantedOnlySelectOnTheDatabaseReadsTheCatalogEstimatesRowsAndReadsThem() throws SQLException {
        try (SelectOnlyUser user = SelectOnlyUser.create();
             Connection connection = DIALECT.open(new SourceSettings("db", TestServices.mysqlUrl(), user.name(), user.password()), TIMEOUT)) {
            TableInfo info = assertPlansAndReads(connection, user);

            assertThat(info.column("j").orElseThrow().json()).as("JSON column recognised (MariaDB: by its json_valid check)").isTrue();
        }
        try (SelectOnlyUser user = SelectOnlyUser.create();
             Connection cursor = DIALECT.open(new SourceSettings("db", TestServices.mysqlUrl(), user.name(), user.password()), TIMEOUT, true, 0);
             PreparedStatement read = cursor.prepareStatement("SELECT id, note, j FROM " + table + " WHERE id >= ? ORDER BY id")) {
            // a worker with extractor.worker.fetch-size reads through a server-side cursor (an internal temporary table)
            read.setFetchSize(7);
            read.setLong(1, 1);
            long rows = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).as("rows read through a cursor").isEqualTo(ROWS);
        }
        assertUnchanged();
    }

    @Test
    void aUserGrantedOnlySelectOnOneTableReadsItAndSeesNoOther() throws SQLException {
        String other = table + "_other";
        SourceTables.sql("CREATE TABLE " + other + " (id INT NOT NULL PRIMARY KEY)");
        try (SelectOnlyUser user = SelectOnlyUser.create(table);
             Connection connection = DIALECT.open(new SourceSettings("db", TestServices.mysqlUrl(), user.name(), user.password()), TIMEOUT)) {
            TableInfo info = assertPlansAndReads(connection, user);

            // MariaDB shows information_schema.CHECK_CONSTRAINTS only to grants on the whole database, so to this user
            // a MariaDB JSON column (LONGTEXT with a json_valid check) is plain text: what the README warns of
            assertThat(info.column("j").orElseThrow().json()).as("JSON column recognised with a per-table grant").isEqualTo(!mariaDb());
            Catalog catalog = DIALECT.catalog(connection);
            assertThat(catalog.table(catalog.defaultDatabase(), other)).as("a table not granted").isEmpty();
        } finally {
            SourceTables.sql("DROP TABLE IF EXISTS " + other);
        }
        assertUnchanged();
    }

    /**
     * What planning, splitting and extraction ask of a source, asked as {@code user}: the catalog, the id bounds,
     * the row estimates (EXPLAIN), the where check and a range read; and a write refused by the grant.
     */
    private TableInfo assertPlansAndReads(Connection connection, SelectOnlyUser user) throws SQLException {
        Catalog catalog = DIALECT.catalog(connection);
        String database = catalog.defaultDatabase();

        // information_schema shows a user the tables, columns and indexes it may SELECT from
        TableInfo info = catalog.table(database, table).orElseThrow(() -> new AssertionError(table + " not visible to " + user));
        assertThat(info.columns()).extracting(ColumnInfo::name).containsExactly("id", "note", "j");
        assertThat(info.primaryKey()).containsExactly("id");
        assertThat(info.leadingIndexed()).contains("id", "note");
        assertThat(catalog.columnTypes(database, table)).containsKeys("id", "note", "j");

        // the planner's and the splitter's queries: bounds, the table's and a range's row estimates (EXPLAIN)
        ColumnInfo id = info.column("id").orElseThrow();
        assertThat(catalog.bounds(info, id, 30)).hasValueSatisfying(bounds -> {
            assertThat(bounds.min()).isEqualTo(BigInteger.ONE);
            assertThat(bounds.max()).isEqualTo(BigInteger.valueOf(ROWS));
        });
        assertThat(catalog.estimateTableRows(info, 30)).isPresent();
        OptionalLong range = catalog.estimateRows(info, id, new IdRange(BigInteger.ONE, BigInteger.valueOf(101)), DIALECT.idTypeMax(id), 30);
        assertThat(range).isPresent();
        assertThat(range.getAsLong()).isPositive();

        // the submit-time check of a where, and a task's read
        try (PreparedStatement probe = connection.prepareStatement(DIALECT.filterProbe(info, "note <> 'x'"))) {
            probe.executeQuery().close();
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id >= ? AND id < ?")) {
            read.setLong(1, 1);
            read.setLong(2, ROWS + 1);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
        }

        // and it can write nothing, whatever the session says: the grant is the first line, the session the second
        try (Statement statement = connection.createStatement()) {
            SQLException denied = catchSql(() -> statement.execute("DELETE FROM " + table));
            assertThat(denied.getErrorCode()).as(denied.getMessage()).isEqualTo(1142);
            assertThat(DIALECT.classify(denied).kind()).isEqualTo(FailureKind.SOURCE_PERMISSION);
        }
        return info;
    }

    @Test
    void theReadOnlyRefusalIsClassifiedAsPermissionNotRetriedAndSaysWhatToDo() {
        SourceFailure failure = DIALECT.classify(new SQLException("Cannot execute statement in a READ ONLY transaction", "25006", 1792));

        assertThat(failure.kind()).isEqualTo(FailureKind.SOURCE_PERMISSION);
        assertThat(failure.kind().retries(1, 3)).isFalse();
        assertThat(failure.hint()).contains("read-only", "nothing was changed", "\"where\"", "submit the job again");
    }

    private static void assertRefusedAsReadOnly(SqlCall write) {
        SQLException refused = catchSql(write);
        assertThat(refused.getErrorCode()).as(refused.getMessage()).isEqualTo(MySqlErrors.READ_ONLY_TRANSACTION);
        SourceFailure failure = DIALECT.classify(refused);
        assertThat(failure.kind()).isEqualTo(FailureKind.SOURCE_PERMISSION);
        assertThat(failure.hint()).contains("read-only");
    }

    private static SQLException catchSql(SqlCall call) {
        try {
            call.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the statement was allowed; it should have been refused");
    }

    /** The table still holds its rows as they were inserted, and has no new column or copy. */
    private void assertUnchanged() throws SQLException {
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), SUM(note = CONCAT('row ', id)) FROM " + table)) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows").isEqualTo(ROWS);
                assertThat(rs.getLong(2)).as("rows unchanged").isEqualTo(ROWS);
            }
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = '" + table + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("columns").isEqualTo(3);
            }
            try (ResultSet rs = statement.executeQuery("SHOW TABLES LIKE '" + table + "\\_copy'")) {
                assertThat(rs.next()).as(table + "_copy created").isFalse();
            }
        }
    }

    private static boolean mariaDb() throws SQLException {
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).contains("MariaDB");
        }
    }

    /** {@code transaction_read_only} on MySQL 5.7.20+ and MariaDB 11.1+, {@code tx_read_only} before. */
    private static String readOnlyVariable() throws SQLException {
        try (Connection connection = TestServices.mysql(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW VARIABLES LIKE 'transaction_read_only'")) {
            return rs.next() ? "transaction_read_only" : "tx_read_only";
        }
    }

    @FunctionalInterface
    private interface SqlCall {
        void run() throws SQLException;
    }
}
