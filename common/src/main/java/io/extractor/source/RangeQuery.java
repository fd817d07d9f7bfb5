package io.extractor.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The one query a task runs, as its dialect writes it ({@link SourceDialect#rangeQuery}): the task's columns of
 * the rows with {@code lo <= id < hi}, and the table's {@code where}, in id order. Range bounds are bound
 * parameters, first {@code lo}, then {@code hi} unless the query is unbounded above (the range ends past the
 * largest value the id type can hold, where no row can reach it).
 */
public record RangeQuery(String sql, BigInteger lo, BigInteger hi, boolean bounded) {

    public void bind(PreparedStatement statement) throws SQLException {
        bind(statement, 1, lo);
        if (bounded) {
            bind(statement, 2, hi);
        }
    }

    private static void bind(PreparedStatement statement, int index, BigInteger value) throws SQLException {
        if (value.bitLength() < 64) {
            statement.setLong(index, value.longValue());
        } else {
            statement.setBigDecimal(index, new BigDecimal(value)); // BIGINT UNSIGNED above 2^63
        }
    }
}
