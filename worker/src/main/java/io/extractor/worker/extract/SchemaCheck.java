package io.extractor.worker.extract;

import io.extractor.plan.ColumnPlan;
import io.extractor.plan.TablePlan;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.TableInfo;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Checks, before a task reads, that its table still has the columns and types it was planned with, so every
 * part of a table has one schema. A change cannot be fixed by retrying: the task fails with what changed.
 */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    public static void verify(Catalog catalog, TablePlan table) throws SQLException {
        Optional<TableInfo> info = catalog.table(table.database(), table.table());
        if (info.isEmpty()) {
            throw new TableChangedException("table " + table.database() + "." + table.table()
                    + " no longer exists in the source (dropped or renamed after planning); restore it or submit a new job");
        }
        for (ColumnPlan planned : table.columns()) {
            Optional<ColumnInfo> now = info.get().column(planned.name());
            if (now.isEmpty()) {
                throw new TableChangedException("column " + planned.name() + " of " + table.database() + "." + table.table()
                        + " no longer exists (altered after planning); submit a new job for the new schema");
            }
            if (!now.get().columnType().equals(planned.sourceType())) {
                throw new TableChangedException("column " + planned.name() + " of " + table.database() + "." + table.table()
                        + " changed from " + planned.sourceType() + " to " + now.get().columnType()
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
