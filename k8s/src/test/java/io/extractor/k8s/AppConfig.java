package io.extractor.k8s;

import io.extractor.config.Configs;
import io.extractor.config.RedisConfig;
import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.coordinator.CoordinatorConfig;
import io.extractor.coordinator.auth.AuthMode;
import io.extractor.queue.RedisSettings;
import io.extractor.testkit.ConfigTable;
import io.extractor.worker.WorkerConfig;
import io.extractor.worker.task.WorkerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What an app makes of the environment an overlay gives it: each variable named back to the property of the
 * app's own {@code @ConfigMapping} interface it sets (README "Configuration": {@code EXTRACTOR_SOURCES_SHOP_URL} is
 * {@code extractor.sources.shop.url}), and those properties loaded through that interface and checked as the app
 * checks them at start. A variable that names no setting of the app is a problem: it would be silently ignored.
 */
final class AppConfig {
    /** Read by the java launcher and glibc, not by the app. */
    static final Set<String> LAUNCHER = Set.of("JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");

    /** The properties an environment sets, and what could not be named. */
    record Mapped(Map<String, String> properties, List<String> problems) {
    }

    private AppConfig() {
    }

    static Class<?> mapping(String app) {
        return switch (app) {
            case "coordinator" -> CoordinatorConfig.class;
            case "worker" -> WorkerConfig.class;
            default -> throw new IllegalArgumentException(app);
        };
    }

    static Mapped map(Workload workload) {
        List<String> problems = new ArrayList<>();
        Map<String, Workload.Env> env = workload.env(problems);
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> patterns = ConfigTable.properties(mapping(workload.app())).keySet().stream()
                .sorted(Comparator.comparingInt((String p) -> p.replace("<name>", "").length()).reversed()).toList();
        Set<String> quarkus = ConfigTable.rows(Tools.repoDir().resolve("README.md")).values().stream()
                .filter(r -> r.name().startsWith("quarkus.") && (r.usedBy().equals(workload.app()) || r.usedBy().equals("both")))
                .map(ConfigTable.Row::env).collect(Collectors.toSet());
        for (Workload.Env variable : env.values()) {
            if (LAUNCHER.contains(variable.name())) {
                continue;
            }
            if (variable.name().startsWith("QUARKUS_")) {
                if (!quarkus.contains(variable.name())) {
                    problems.add(workload.name() + ": " + variable.name() + " (" + variable.from() + ") is not a Quarkus setting the README lists for the " + workload.app());
                }
                continue;
            }
            Optional<String> property = property(patterns, variable.name());
            if (property.isEmpty()) {
                problems.add(workload.name() + ": " + variable.name() + " (" + variable.from() + ") is not a setting the " + workload.app()
                        + " reads (" + mapping(workload.app()).getSimpleName() + ")");
            } else {
                properties.put(property.get(), variable.value());
            }
        }
        return new Mapped(properties, problems);
    }

    /** {@code EXTRACTOR_SINKS_LAKE_PATH_STYLE} against {@code extractor.sinks.<name>.path-style}: {@code extractor.sinks.lake.path-style}. */
    static Optional<String> property(List<String> patterns, String env) {
        for (String pattern : patterns) {
            String[] parts = ConfigTable.env(pattern).split("<NAME>", -1);
            StringBuilder regex = new StringBuilder("^");
            for (int i = 0; i < parts.length; i++) {
                regex.append(Pattern.quote(parts[i]));
                if (i < parts.length - 1) {
                    regex.append("([A-Z0-9]+)");
                }
            }
            Matcher m = Pattern.compile(regex.append("$").toString()).matcher(env);
            if (m.matches()) {
                String property = pattern;
                for (int g = 1; g <= m.groupCount(); g++) {
                    property = property.replaceFirst("<name>", m.group(g).toLowerCase(java.util.Locale.ROOT));
                }
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    /** The default of a property, as its interface declares it. */
    static String defaultOf(Class<?> mapping, String property) {
        return ConfigTable.properties(mapping).get(property).defaultValue();
    }

    static CoordinatorConfig coordinator(Map<String, String> properties) {
        return Configs.builder(properties)
                .withConverter(MemorySize.class, 300, new MemorySizeConverter())
                .withMapping(CoordinatorConfig.class, "extractor")
                .build()
                .getConfigMapping(CoordinatorConfig.class, "extractor");
    }

    static WorkerConfig worker(Map<String, String> properties) {
        return Configs.builder(properties)
                .withConverter(MemorySize.class, 300, new MemorySizeConverter())
                .withMapping(WorkerConfig.class, "extractor")
                .build()
                .getConfigMapping(WorkerConfig.class, "extractor");
    }

    /**
     * Loads the app's settings from the properties and runs the checks the app runs at start on them: the Redis
     * URL with its user and password, each source and sink, the worker's slots and timings, the coordinator's
     * login mode (a pod never listens on loopback only, so "none" would be refused).
     */
    static void check(String app, Map<String, String> properties) {
        RedisConfig redis;
        Map<String, SourceConfig> sources;
        Map<String, SinkConfig> sinks;
        if (app.equals("coordinator")) {
            CoordinatorConfig config = coordinator(properties);
            if (config.auth().mode() == AuthMode.NONE) {
                throw new IllegalStateException("extractor.auth.mode=none is refused on a non-loopback address, which a pod has");
            }
            redis = config.redis();
            sources = config.sources();
            sinks = config.sinks();
        } else {
            WorkerConfig config = worker(properties);
            WorkerSettings.from(config);
            redis = config.redis();
            sources = config.sources();
            sinks = config.sinks();
        }
        RedisSettings settings = redis.settings();
        new io.extractor.queue.RedisKeys(redis.prefix());
        SourceConfig.settingsByName(sources);
        sinks.forEach((name, sink) -> sink.settings(name));
        if (settings.host().isBlank()) {
            throw new IllegalStateException("no Redis host");
        }
    }
}
