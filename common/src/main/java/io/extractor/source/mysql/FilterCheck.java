package io.extractor.source.mysql;

/**
 * The {@code where} filter is trusted operator input, pasted into each task's query as {@code AND (<where>)}.
 * This check keeps it inside its parentheses, so it can narrow a task's range but never widen it (a filter
 * like {@code 1=1) OR (1=1} would make every task read every row), and keeps comments and statement breaks out.
 */
public final class FilterCheck {
    private FilterCheck() {
    }

    /** Null when the filter is acceptable, else what is wrong with it. */
    public static String problem(String filter) {
        if (filter.isBlank()) {
            return "must not be blank; leave it out to read every row";
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"', '`' -> quote = c;
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return "has a ')' without its '(' at position " + (i + 1) + "; a filter must stay inside its own parentheses";
                    }
                }
                case ';' -> {
                    return "must be one condition; ';' is not allowed";
                }
                case '#' -> {
                    return "must not contain comments ('#')";
                }
                case '-' -> {
                    if (i + 1 < filter.length() && filter.charAt(i + 1) == '-') {
                        return "must not contain comments ('--')";
                    }
                }
                case '/' -> {
                    if (i + 1 < filter.length() && filter.charAt(i + 1) == '*') {
                        return "must not contain comments ('/*')";
                    }
                }
                default -> {
                }
            }
        }
        if (quote != 0) {
            return "has an unterminated " + quote + " quote";
        }
        if (depth != 0) {
            return "has " + depth + " unclosed '('";
        }
        return null;
    }
}
