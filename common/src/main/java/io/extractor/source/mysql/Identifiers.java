package io.extractor.source.mysql;

/** MySQL identifier quoting: names from a job spec reach SQL only through here, after the catalog knew them. */
public final class Identifiers {
    private Identifiers() {
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    public static String quote(String database, String table) {
        return quote(database) + "." + quote(table);
    }
}
