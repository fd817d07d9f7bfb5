package io.extractor.source.mysql;

import static io.extractor.source.mysql.Identifiers.quote;

import io.extractor.plan.ColumnPlan;
import io.extractor.plan.IdRange;
import io.extractor.plan.TablePlan;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.RangeQuery;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceFailure;
import io.extractor.source.SourceSettings;
import io.extractor.source.TableInfo;
import io.extractor.types.ColumnMapping;
import io.extractor.types.TypeChoice;
import io.extractor.types.UnsupportedColumnException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** MySQL 5.7+ and MariaDB 10+, through Connector/J's binary protocol. */
public final class MySqlDialect implements SourceDialect {
    public static final MySqlDialect INSTANCE = new MySqlDialect();

    private MySqlDialect() {
    }

    @Override
    public Connection open(SourceSettings source, Duration readTimeout, boolean cursorFetch, long maxPacketBytes) throws SQLException {
        return MySqlConnections.open(source, readTimeout, cursorFetch, maxPacketBytes);
    }

    @Override
    public Catalog catalog(Connection connection) {
        return new MySqlCatalog(connection);
    }

    @Override
    public BigInteger idTypeMax(ColumnInfo id) {
        int bits = switch (id.dataType()) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            default -> 64;
        };
        return BigInteger.ONE.shiftLeft(id.unsigned() ? bits : bits - 1).subtract(BigInteger.ONE);
    }

    @Override
    public List<TypeChoice> choices(ColumnInfo column) {
        return MySqlColumnMappings.choices(column);
    }

    @Override
    public ColumnPlan plan(ColumnInfo column, TypeChoice choice, boolean tinyint1AsBoolean) throws UnsupportedColumnException {
        return MySqlColumnMappings.plan(column, choice, tinyint1AsBoolean);
    }

    @Override
    public ColumnMapping mapping(ColumnPlan column) {
        return MySqlColumnMappings.mapping(column);
    }

    /**
     * {@code SELECT <columns> FROM <table> WHERE id >= ? AND id < ? [AND (<where>)] ORDER BY id}. Identifiers come
     * from the catalog and are quoted; the upper bound is left out only past the largest value the id type holds.
     */
    @Override
    public RangeQuery rangeQuery(TablePlan table, IdRange range) {
        String id = quote(table.idColumn());
        boolean bounded = range.hi().compareTo(table.idTypeMax()) <= 0;
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(table.columns().stream().map(ColumnPlan::name).map(Identifiers::quote).collect(Collectors.joining(", ")))
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

    @Override
    public String filterProblem(String where) {
        return FilterCheck.problem(where);
    }

    @Override
    public String filterProbe(TableInfo table, String where) {
        return probeHead(table) + where + ") LIMIT 0";
    }

    @Override
    public String filterRejection(SQLException error, TableInfo table, String where) {
        String head = probeHead(table);
        int position = MySqlErrors.syntaxErrorPosition(error, filterProbe(table, where), head.length(), where);
        return "the source rejects it with " + MySqlErrors.describe(error)
                + (position == 0 ? "" : position > where.codePointCount(0, where.length()) ? " at the end of the filter" : " near position " + position + " of the filter");
    }

    @Override
    public String describe(SQLException error) {
        return MySqlErrors.describe(error);
    }

    private static String probeHead(TableInfo table) {
        return "SELECT 1 FROM " + quote(table.database(), table.name()) + " WHERE (";
    }

    @Override
    public SourceFailure classify(SQLException error) {
        return MySqlErrors.classify(error);
    }

    @Override
    public boolean unavailable(SQLException error) {
        return MySqlErrors.unavailable(error);
    }
}
