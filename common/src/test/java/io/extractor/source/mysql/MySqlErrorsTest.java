package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.source.TableInfo;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an answer may say of a source error: its code, what that means, where in a filter; never the message. */
class MySqlErrorsTest {
    private static final TableInfo ORDERS = new TableInfo("shop", "orders", List.of(), List.of(), Set.of());

    @Test
    void anErrorIsDescribedByItsCodeAndMeaningNeverByItsMessage() {
        assertThat(MySqlErrors.describe(new SQLException("XPATH syntax error: '~root'", "HY000", 1105))).isEqualTo("error 1105 (unknown error)");
        assertThat(MySqlErrors.describe(new SQLException("Access denied for user 'etl'@'10.0.0.5' (using password: YES)", "28000", 1045)))
                .isEqualTo("error 1045 (access denied: the user or password is not accepted)");
        assertThat(MySqlErrors.describe(new SQLException("Communications link failure to db.internal:3306", "08S01", 0)))
                .isEqualTo("SQLState 08S01 (connection failed or lost)");
        assertThat(MySqlErrors.describe(new SQLException("whatever 'secret'", "HY000", 9999))).startsWith("error 9999 (").doesNotContain("secret");
        assertThat(MySqlErrors.describe(new SQLTimeoutException("Statement cancelled due to timeout", "70100", 1317))).isEqualTo("timed out (error 1317)");
        assertThat(MySqlErrors.describe(new SQLException("no code, no state"))).isEqualTo("an error without a code");
    }

    @Test
    void aSyntaxErrorInAFilterIsPlacedByPositionNotQuoted() {
        String where = "code = 'a' AND id = = 1";
        String probe = MySqlDialect.INSTANCE.filterProbe(ORDERS, where);

        String rejection = MySqlDialect.INSTANCE.filterRejection(syntaxError(probe, probe.indexOf("= = 1") + 2), ORDERS, where);

        assertThat(rejection).isEqualTo("the source rejects it with error 1064 (SQL syntax error) near position 21 of the filter");
    }

    @Test
    void aFilterThatEndsTooSoonIsSaidToEndTooSoon() {
        String where = "code = ";
        String probe = MySqlDialect.INSTANCE.filterProbe(ORDERS, where);

        assertThat(MySqlDialect.INSTANCE.filterRejection(syntaxError(probe, probe.indexOf(") LIMIT 0")), ORDERS, where)).endsWith("at the end of the filter");
    }

    @Test
    void aPositionIsCountedInCharactersAndFoundWhenTheServerCutsItsQuoteShort() {
        String where = "name = '한국어 😀' AND id = = 1 AND " + "code = 'x' AND ".repeat(20) + "1 = 1";
        String probe = MySqlDialect.INSTANCE.filterProbe(ORDERS, where);
        int at = probe.indexOf("= = 1") + 2;
        String cut = probe.substring(at, at + 80);
        SQLException error = new SQLException("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version"
                + " for the right syntax to use near '" + cut + "' at line 1", "42000", 1064);

        String rejection = MySqlDialect.INSTANCE.filterRejection(error, ORDERS, where);

        assertThat(rejection).endsWith("near position " + (where.codePointCount(0, where.indexOf("= = 1")) + 3) + " of the filter");
    }

    @Test
    void onlyAPositionIsTakenFromTheMessageAndOnlyWhenItLiesInTheProbe() {
        String where = "id = 1";
        SQLException notOurs = new SQLException("syntax to use near 'root@localhost' at line 1", "42000", 1064);
        SQLException data = new SQLException("XPATH syntax error: '~near 'x' at line 1'", "HY000", 1105);

        assertThat(MySqlDialect.INSTANCE.filterRejection(notOurs, ORDERS, where)).isEqualTo("the source rejects it with error 1064 (SQL syntax error)");
        assertThat(MySqlDialect.INSTANCE.filterRejection(data, ORDERS, where)).isEqualTo("the source rejects it with error 1105 (unknown error)");
    }

    private static SQLException syntaxError(String probe, int at) {
        return new SQLException("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the"
                + " right syntax to use near '" + probe.substring(at) + "' at line 1", "42000", 1064);
    }
}
