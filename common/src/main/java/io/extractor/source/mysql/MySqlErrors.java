package io.extractor.source.mysql;

import io.extractor.job.FailureKind;
import io.extractor.source.SourceFailure;
import java.sql.SQLException;
import java.util.Set;

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
}
