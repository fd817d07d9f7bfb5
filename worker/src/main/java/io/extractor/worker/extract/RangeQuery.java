package io.extractor.worker.extract;

import static io.extractor.source.Identifiers.quote;

import io.extractor.plan.ColumnPlan;
import io.extractor.plan.IdRange;
import io.extractor.plan.TablePlan;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * The one query a task runs: {@code SELECT <columns> FROM <table> WHERE id >= ? AND id < ? [AND (<where>)] ORDER BY id}.
 * Identifiers come from the catalog and are quoted; range bounds are bound parameters. The upper bound is left
 * out only when it lies past the largest value the id type can hold, where no row can reach it.
 */
public record RangeQuery(String sql, BigInteger lo, BigInteger hi, boolean bounded) {

    public static RangeQuery of(TablePlan table, IdRange range) {
        String id = quote(table.idColumn());
        boolean bounded = range.hi().compareTo(table.idTypeMax()) <= 0;
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(table.columns().stream().map(ColumnPlan::name).map(io.extractor.source.Identifiers::quote).collect(Collectors.joining(", ")))
                .append(" FROM ").append(quote(table.database(), table.table()))
                .append(" WHERE ").append(id).append(" >= ?");
        if (bounded) {
            sql.append(" AND ").append(id).append(" < ?");
        }
        if (table.where() != null && !table.where().isBlank()) {
            sql.append(" AND (").append(table.where()).append(')');
        }
        sql.append(" ORDER BY ").append(id);
        return new RangeQuery(sql.toString(), range.lo(), range.hi(), bounded);
    }

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
