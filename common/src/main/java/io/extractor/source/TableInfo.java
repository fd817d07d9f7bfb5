package io.extractor.source;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table as the source's catalog describes it.
 *
 * @param primaryKey     primary key columns in key order, empty when there is none
 * @param leadingIndexed columns that lead some index, so a range predicate on them is an index range scan
 */
public record TableInfo(String database, String name, List<ColumnInfo> columns, List<String> primaryKey, Set<String> leadingIndexed) {

    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        leadingIndexed = Set.copyOf(leadingIndexed);
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    public String qualifiedName() {
        return database + "." + name;
    }
}
