package io.extractor.testkit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's configuration table held against the {@code @ConfigMapping} interfaces a module reads: every
 * property has one row with its environment variable and default, and every row of the module names a property.
 * Names are built as SmallRye builds them: the prefix, then each method in kebab case (or its {@code @WithName}),
 * {@code <name>} for the key of a map of groups.
 */
public final class ConfigTable {
    /** {@code | `extractor.redis.url` | `EXTRACTOR_REDIS_URL` | `redis://127.0.0.1:6379` | both | meaning |} */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]*)`\\s*\\|([^|]*)\\|\\s*([a-z]+)\\s*\\|.*$");
    private static final Pattern FIRST_CODE = Pattern.compile("^`([^`]*)`");

    /** One property of a mapping; {@code defaultValue} is null when it has none (required or Optional). */
    public record Property(String name, String defaultValue) {
    }

    /** One row of the README table. */
    public record Row(String name, String env, String defaultCell, String usedBy) {
    }

    private ConfigTable() {
    }

    /** The module's README rows ({@code used by} the module or both) compared with its mapping; empty when they agree. */
    public static List<String> differences(Class<?> mapping, Path readme, String module) {
        Map<String, Property> properties = properties(mapping);
        Map<String, Row> rows = rows(readme);
        List<String> problems = new ArrayList<>();
        for (Property property : properties.values()) {
            Row row = rows.get(property.name());
            if (row == null) {
                problems.add("missing row: " + property.name() + (property.defaultValue() == null ? "" : " (default " + property.defaultValue() + ")"));
                continue;
            }
            if (!row.usedBy().equals(module) && !row.usedBy().equals("both")) {
                problems.add(property.name() + ": row says used by " + row.usedBy() + ", but " + module + " reads it");
            }
            if (!row.env().equals(env(property.name()))) {
                problems.add(property.name() + ": env is " + row.env() + ", should be " + env(property.name()));
            }
            Matcher code = FIRST_CODE.matcher(row.defaultCell().strip());
            String documented = code.find() ? code.group(1) : null;
            if (property.defaultValue() == null && documented != null) {
                problems.add(property.name() + ": row gives default `" + documented + "`, but the property has none; describe what absent means in words");
            } else if (property.defaultValue() != null && !property.defaultValue().equals(documented)) {
                problems.add(property.name() + ": default in the code is `" + property.defaultValue() + "`, the row says " + row.defaultCell().strip());
            }
        }
        for (Row row : rows.values()) {
            boolean ours = row.usedBy().equals(module) || row.usedBy().equals("both");
            if (ours && row.name().startsWith(prefix(mapping) + ".") && !properties.containsKey(row.name())) {
                problems.add("extra row: " + row.name() + " (used by " + row.usedBy() + ") is not a property of " + mapping.getSimpleName());
            }
        }
        return problems;
    }

    /** Every property of a {@code @ConfigMapping} interface, by full name. */
    public static Map<String, Property> properties(Class<?> mapping) {
        Map<String, Property> properties = new TreeMap<>();
        walk(mapping, prefix(mapping), properties);
        return properties;
    }

    /** The rows of the table(s) under {@code ## Configuration}, by property name. */
    public static Map<String, Row> rows(Path readme) {
        Map<String, Row> rows = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(readme)) {
                Matcher row = ROW.matcher(line);
                if (row.matches() && rows.put(row.group(1), new Row(row.group(1), row.group(2), row.group(3), row.group(4))) != null) {
                    throw new IllegalStateException(readme + ": two rows for " + row.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** {@code extractor.sources.<name>.url} as an environment variable: {@code EXTRACTOR_SOURCES_<NAME>_URL}. */
    public static String env(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String prefix(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
        }
        return annotation.prefix();
    }

    private static void walk(Class<?> group, String path, Map<String, Property> out) {
        for (Method method : group.getMethods()) {
            // static and default methods are helpers, not properties (SinkConfig.settings(name), PlannerSettings.checked)
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String name = path + "." + (named != null ? named.value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            if (method.getReturnType() == Map.class) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                walkOrAdd(value, name + ".<name>", null, out);
            } else if (method.getReturnType() == Optional.class) {
                walkOrAdd(((ParameterizedType) type).getActualTypeArguments()[0], name, null, out);
            } else {
                WithDefault defaulted = method.getAnnotation(WithDefault.class);
                walkOrAdd(type, name, defaulted == null ? null : defaulted.value(), out);
            }
        }
    }

    private static void walkOrAdd(Type type, String name, String defaultValue, Map<String, Property> out) {
        if (type instanceof Class<?> c && c.isInterface() && !c.getName().startsWith("java.")) {
            walk(c, name, out);
        } else {
            out.put(name, new Property(name, defaultValue));
        }
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
