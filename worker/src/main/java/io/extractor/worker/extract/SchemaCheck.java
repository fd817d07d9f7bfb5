package io.extractor.worker.extract;

import io.extractor.plan.ColumnPlan;
import io.extractor.plan.TablePlan;
import io.extractor.source.Catalog;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, before a task reads, that its table still has the columns and types it was planned with, so every
 * part of a table has one schema. A change cannot be fixed by retrying: the task fails with what changed.
 */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    public static void verify(Catalog catalog, TablePlan table) throws SQLException {
        Map<String, String> types = catalog.columnTypes(table.database(), table.table());
        if (types.isEmpty()) {
            throw new TableChangedException("table " + table.database() + "." + table.table()
                    + " no longer exists in the source (dropped or renamed after planning); restore it or submit a new job");
        }
        for (ColumnPlan planned : table.columns()) {
            String now = types.get(planned.name().toLowerCase(Locale.ROOT));
            if (now == null) {
                throw new TableChangedException("column " + planned.name() + " of " + table.database() + "." + table.table()
                        + " no longer exists (altered after planning); submit a new job for the new schema");
            }
            if (!now.equals(planned.sourceType())) {
                throw new TableChangedException("column " + planned.name() + " of " + table.database() + "." + table.table()
                        + " changed from " + planned.sourceType() + " to " + now
                        + " after planning; parts of one run must share a schema, so submit a new job");
            }
        }
    }

    /** The source table no longer matches the plan. */
    public static final class TableChangedException extends RuntimeException {
        public TableChangedException(String message) {
            super(message);
        }
    }
}
