package io.extractor.types;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Moves one column of the current row into its vector. One implementation per {@code ColumnKind}, chosen once
 * per task: the per-row path is a straight call with no type switch and no boxing.
 */
@FunctionalInterface
public interface ColumnReader {
    /** @return bytes the value holds on the heap beyond its slot, for the batch's memory budget */
    int read(ResultSet rs, int row) throws SQLException;
}
