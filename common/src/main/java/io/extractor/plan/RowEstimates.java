package io.extractor.plan;

import java.sql.SQLException;
import java.util.OptionalLong;

/** The source's own estimate of the rows in a range of one table's ids (an index dive, not a read of the rows). */
@FunctionalInterface
public interface RowEstimates {
    /** The estimated rows with ids in {@code range}; empty when the source gives no estimate. */
    OptionalLong rows(IdRange range) throws SQLException;
}
