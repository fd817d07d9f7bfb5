package io.extractor.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Fills a config mapping outside Quarkus (tests, tools) from given properties over the mapping's own
 * {@code @WithDefault}s, so a default is written once, in its interface.
 */
public final class Configs {
    private Configs() {
    }

    /** {@code mapping} under {@code prefix}, with {@code properties} (full names, {@code extractor.plan.chunk-size}) set. */
    public static <T> T load(Class<T> mapping, String prefix, Map<String, String> properties) {
        return builder(properties).withMapping(mapping, prefix).build().getConfigMapping(mapping, prefix);
    }

    /** A builder with {@code properties} and durations read as Quarkus reads them; add mappings and converters to it. */
    public static SmallRyeConfigBuilder builder(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "given", 100))
                .withConverter(Duration.class, 200, Configs::duration);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 7d}, a bare number of seconds, or ISO-8601 ({@code PT30S}), as Quarkus reads them. */
    static Duration duration(String text) {
        String value = text.strip();
        if (value.matches("-?\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.matches("-?\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.matches("-?\\d+d")) {
            return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        String upper = value.toUpperCase(Locale.ROOT);
        return Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
    }
}
