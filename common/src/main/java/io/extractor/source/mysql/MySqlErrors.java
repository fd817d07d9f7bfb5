package io.extractor.source.mysql;

import io.extractor.job.FailureKind;
import io.extractor.source.SourceFailure;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a MySQL or MariaDB error means for a task: its {@link FailureKind} (which decides whether another attempt
 * may help) and what a person should do about it. Classifies by the server's error code first, then by SQLState
 * class, so an error from either server or from Connector/J itself lands in the right kind.
 */
public final class MySqlErrors {
    /** Access denied: a grant or password is missing. */
    private static final Set<Integer> PERMISSION = Set.of(1044, 1045, 1142, 1143, 1227);
    /** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION: a write in one of the read-only sessions {@link MySqlConnections} opens. */
    static final int READ_ONLY_TRANSACTION = 1792;
    /** The database, table or a column is gone, or the job's filter no longer parses. */
    private static final Set<Integer> SCHEMA = Set.of(1046, 1049, 1054, 1064, 1109, 1146, 1149, 1356);
    /** Client-side connection errors (CR_*) and server-side network errors: the server may come back. */
    private static final Set<Integer> UNREACHABLE = Set.of(1040, 1053, 1152, 1158, 1159, 1160, 1161, 1927, 2002, 2003, 2005, 2006, 2013);
    /**
     * What an error code means in general, said without its message: a server's message can hold values a
     * statement read ({@code extractvalue(1, concat(0x7e, (SELECT user FROM mysql.user)))} puts an account name in
     * error 1105), and Connector/J's connection errors name the host and the user.
     */
    private static final Map<Integer, String> MEANING = Map.ofEntries(
            Map.entry(1040, "too many connections"),
            Map.entry(1044, "access denied to the database"),
            Map.entry(1045, "access denied: the user or password is not accepted"),
            Map.entry(1046, "no database selected"),
            Map.entry(1049, "unknown database"),
            Map.entry(1052, "ambiguous column name"),
            Map.entry(1054, "unknown column"),
            Map.entry(1064, "SQL syntax error"),
            Map.entry(1105, "unknown error"),
            Map.entry(1109, "unknown table"),
            Map.entry(1111, "invalid use of a group function"),
            Map.entry(1139, "regular expression error"),
            Map.entry(1142, "command denied to the source's user"),
            Map.entry(1143, "column access denied to the source's user"),
            Map.entry(1146, "no such table"),
            Map.entry(1149, "SQL syntax error"),
            Map.entry(1205, "lock wait timeout"),
            Map.entry(1210, "incorrect arguments"),
            Map.entry(1213, "deadlock"),
            Map.entry(1221, "incorrect usage"),
            Map.entry(1222, "different numbers of columns in the SELECTs"),
            Map.entry(1227, "a privilege the source's user does not have"),
            Map.entry(1235, "not supported by this server version"),
            Map.entry(1241, "an operand has the wrong number of columns"),
            Map.entry(1242, "a subquery returns more than one row"),
            Map.entry(1247, "reference not supported"),
            Map.entry(1267, "illegal mix of collations"),
            Map.entry(1270, "illegal mix of collations"),
            Map.entry(1271, "illegal mix of collations"),
            Map.entry(1292, "incorrect value"),
            Map.entry(1300, "invalid character string"),
            Map.entry(1305, "no such function or procedure"),
            Map.entry(1317, "query interrupted"),
            Map.entry(1365, "division by zero"),
            Map.entry(1366, "incorrect value"),
            Map.entry(1370, "execute denied on a function to the source's user"),
            Map.entry(1525, "incorrect value"),
            Map.entry(1582, "wrong number of arguments to a function"),
            Map.entry(1583, "wrong arguments to a function"),
            Map.entry(1584, "wrong arguments to a stored function"),
            Map.entry(1630, "no such function"),
            Map.entry(1690, "value out of range"),
            Map.entry(1969, "statement timeout (max_statement_time)"),
            Map.entry(3024, "statement timeout (max_execution_time)"),
            Map.entry(4078, "illegal argument type for an operation"));
    /** SQLState classes, for an error without a server code (Connector/J's own). */
    private static final Map<String, String> STATE_CLASS = Map.of(
            "08", "connection failed or lost",
            "22", "data exception",
            "23", "integrity constraint violation",
            "28", "access denied",
            "42", "syntax error or access rule violation",
            "HY", "general error",
            "S1", "driver error",
            "70", "query interrupted");
    /** Where a syntax error starts: {@code ... the right syntax to use near '<rest of the statement>' at line N}. */
    private static final Pattern NEAR = Pattern.compile("\\bnear '(.*)' at line \\d+\\s*$", Pattern.DOTALL);

    private MySqlErrors() {
    }

    public static SourceFailure classify(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (code == READ_ONLY_TRANSACTION) {
            // the extractor itself never writes: what tried to came in with the job, and another attempt does the same
            return new SourceFailure(FailureKind.SOURCE_PERMISSION, "the extractor's sessions on the source are read-only and refused a statement"
                    + " that writes, so nothing was changed; remove whatever writes (a function in the table's \"where\" that modifies data)"
                    + " and submit the job again");
        }
        if (PERMISSION.contains(code) || state.startsWith("28")) {
            return new SourceFailure(FailureKind.SOURCE_PERMISSION, "grant the source user SELECT on the table, then retry the job's failed tasks");
        }
        if (SCHEMA.contains(code) || state.startsWith("42")) {
            return new SourceFailure(FailureKind.SOURCE_SCHEMA, switch (code) {
                case 1146, 1109 -> "the table is gone from the source; restore it and retry, or submit a new job";
                case 1054 -> "a column is gone from the source; submit a new job for the new schema";
                case 1064, 1149 -> "fix the table's \"where\" filter and submit the job again";
                case 1046, 1049 -> "the database is gone from the source; restore it and retry, or submit a new job";
                default -> "the table changed since the job was planned; submit a new job for the new schema";
            });
        }
        if (UNREACHABLE.contains(code) || state.startsWith("08")) {
            return new SourceFailure(FailureKind.SOURCE_UNREACHABLE, "check that the source database is up and reachable from the workers");
        }
        // transient (lock wait, timeout, killed query, too many connections) or unknown: worth another attempt
        return new SourceFailure(FailureKind.SOURCE_ERROR, "fix the source, then retry the job's failed tasks");
    }

    /**
     * A lost connection or a timeout (1317 query interrupted, 3024 MySQL's max_execution_time, 1969 MariaDB's
     * max_statement_time): nothing about the statement itself.
     */
    public static boolean unavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof java.sql.SQLTimeoutException || e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.sql.SQLNonTransientConnectionException || state.startsWith("08") || e.getErrorCode() == 1317
                || e.getErrorCode() == 3024 || e.getErrorCode() == 1969;
    }

    /**
     * The error's code and what it means in general, for an answer: {@code error 1064 (SQL syntax error)}, or its
     * SQLState when there is no code. Never any text of the server's or the driver's message.
     */
    public static String describe(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof java.sql.SQLTimeoutException) {
            return "timed out" + (code > 0 ? " (error " + code + ")" : "");
        }
        if (code > 0) {
            return "error " + code + " (" + MEANING.getOrDefault(code, "see the server's error reference for this code") + ")";
        }
        if (state.length() >= 2) {
            return "SQLState " + state + " (" + STATE_CLASS.getOrDefault(state.substring(0, 2), "see the SQLState reference") + ")";
        }
        return "an error without a code";
    }

    /**
     * Where in {@code filter} a syntax error starts (1-based, in characters), found by placing the server's "near"
     * text in the {@code probe} that embeds the filter at {@code filterStart}; 0 when the server does not say, and
     * {@code filter.length() + 1} for the filter's end. Only the position is taken from the message, never its text.
     */
    public static int syntaxErrorPosition(SQLException e, String probe, int filterStart, String filter) {
        if ((e.getErrorCode() != 1064 && e.getErrorCode() != 1149) || e.getMessage() == null) {
            return 0;
        }
        Matcher near = NEAR.matcher(e.getMessage());
        if (!near.find()) {
            return 0;
        }
        String rest = near.group(1);
        // the server quotes the statement from the error on, cut after some characters
        int at = probe.endsWith(rest) ? probe.length() - rest.length() : rest.isEmpty() ? -1 : probe.indexOf(rest, filterStart);
        if (at < filterStart) {
            return 0;
        }
        int inFilter = Math.min(at - filterStart, filter.length());
        return filter.codePointCount(0, inFilter) + 1;
    }
}
