package io.extractor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} as BuildKit applies it: patterns in order, the last one that matches a path or any of its
 * parent folders decides, {@code !} re-includes; {@code *} and {@code ?} stay within a path segment, {@code **}
 * crosses them.
 */
record DockerIgnore(List<Rule> rules) {
    record Rule(Pattern pattern, boolean include) {
    }

    static DockerIgnore read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean include = text.startsWith("!");
            String pattern = (include ? text.substring(1) : text).strip();
            while (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            while (pattern.endsWith("/")) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            rules.add(new Rule(Pattern.compile(regex(pattern)), include));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** Whether a path of the context (relative, with '/') is sent to the builder. */
    boolean sends(String path) {
        boolean sent = true;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern(), path)) {
                sent = rule.include();
            }
        }
        return sent;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }
}
