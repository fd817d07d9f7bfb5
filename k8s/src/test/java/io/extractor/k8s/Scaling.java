package io.extractor.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.extractor.config.RedisConfig;
import io.extractor.config.SourceConfig;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.RedisSettings;
import io.extractor.worker.WorkerConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KEDA objects of a render against KEDA's documented parameters and against what the workers read: the lists
 * are the keys the code names with the configured prefix, KEDA reaches the Redis the workers use (host, port,
 * database, TLS, the same login), and the scale bounds fit the worker's slots and the sources' max-streams.
 */
final class Scaling {
    /**
     * The {@code redis} trigger's metadata as KEDA documents it (keda.sh, Scalers, "Redis Lists", v2.21): the
     * parameter list and the "FromEnv" variants. Anything else in {@code metadata} is ignored by KEDA, so a
     * misspelled key would silently leave its default in force.
     */
    static final Set<String> REDIS_TRIGGER_METADATA = Set.of(
            "address", "host", "port", "usernameFromEnv", "passwordFromEnv", "listName", "listLength",
            "activationListLength", "enableTLS", "unsafeSsl", "databaseIndex", "addressFromEnv", "hostFromEnv", "portFromEnv");
    /** What the trigger cannot do without. */
    static final Set<String> REDIS_TRIGGER_REQUIRED = Set.of("listName", "listLength");
    /** The same page's "Authentication Parameters": what a TriggerAuthentication may give the redis trigger. */
    static final Set<String> REDIS_AUTH_PARAMETERS = Set.of(
            "address", "host", "port", "tls", "ca", "cert", "key", "keyPassword", "username", "password");

    private Scaling() {
    }

    /** Every problem of the render's ScaledObjects and TriggerAuthentications, one line each. */
    static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Workload worker = Workload.of(rendered, "worker");
        AppConfig.Mapped mapped = AppConfig.map(worker);
        WorkerConfig config = AppConfig.worker(mapped.properties());
        RedisConfig redis = config.redis();
        RedisSettings settings = redis.settings();
        RedisKeys keys = new RedisKeys(redis.prefix());
        int slots = config.worker().slots();
        List<ObjectNode> scaledObjects = rendered.ofKind("ScaledObject");
        if (scaledObjects.size() != 1) {
            problems.add(rendered + ": " + scaledObjects.size() + " ScaledObjects, want one for the workers");
        }
        for (ObjectNode scaled : scaledObjects) {
            String so = "ScaledObject " + scaled.at("/metadata/name").asText();
            JsonNode target = scaled.at("/spec/scaleTargetRef");
            if (!target.path("name").asText().equals(worker.name()) || !target.path("kind").asText("Deployment").equals("Deployment")
                    || !target.path("apiVersion").asText("apps/v1").equals("apps/v1")) {
                problems.add(so + ": scaleTargetRef " + target + " is not the workers' Deployment " + worker.name());
            }
            JsonNode spec = scaled.path("spec");
            if (spec.path("minReplicaCount").asInt(-1) != 0) {
                problems.add(so + ": minReplicaCount " + spec.path("minReplicaCount") + ", want 0 (no worker while there is no work)");
            }
            int max = spec.path("maxReplicaCount").asInt(100);
            if (!spec.has("maxReplicaCount")) {
                problems.add(so + ": no maxReplicaCount (KEDA's default is 100)");
            }
            Map<String, SourceConfig> sources = config.sources();
            for (Map.Entry<String, SourceConfig> source : sources.entrySet()) {
                int streams = source.getValue().maxStreams();
                if (streams == 0) {
                    problems.add(so + ": source " + source.getKey() + " has no max-streams, so nothing caps the queries on it");
                } else if ((long) max * slots > streams) {
                    problems.add(so + ": maxReplicaCount " + max + " x " + slots + " slot(s) is more than source " + source.getKey()
                            + "'s max-streams " + streams + ": the extra workers could only wait");
                }
            }
            // the composite of tasks waiting and running, per worker slot
            JsonNode modifiers = spec.at("/advanced/scalingModifiers");
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode trigger : spec.path("triggers")) {
                names.add(trigger.path("name").asText());
            }
            if (!names.equals(Set.of("pending", "running"))) {
                problems.add(so + ": triggers named " + names + ", want pending and running");
            }
            String formula = modifiers.path("formula").asText();
            if (!formula.replace(" ", "").equals("pending+running")) {
                problems.add(so + ": scalingModifiers.formula is \"" + formula + "\", want pending + running");
            }
            if (!modifiers.path("target").asText().equals(String.valueOf(slots))) {
                problems.add(so + ": scalingModifiers.target " + modifiers.path("target") + " is not the worker's slots (" + slots + ")");
            }
            if (!modifiers.path("metricType").asText("AverageValue").equals("AverageValue")) {
                problems.add(so + ": scalingModifiers.metricType must be AverageValue (tasks per worker)");
            }
            for (JsonNode trigger : spec.path("triggers")) {
                problems.addAll(trigger(so, trigger, keys, settings, slots, rendered, worker));
            }
        }
        return problems;
    }

    private static List<String> trigger(String so, JsonNode trigger, RedisKeys keys, RedisSettings redis, int slots,
            Rendered rendered, Workload worker) {
        List<String> problems = new ArrayList<>();
        String name = trigger.path("name").asText();
        String where = so + " trigger " + name;
        if (!trigger.path("type").asText().equals("redis")) {
            problems.add(where + ": type " + trigger.path("type") + ", want redis");
            return problems;
        }
        JsonNode metadata = trigger.path("metadata");
        metadata.fieldNames().forEachRemaining(key -> {
            if (!REDIS_TRIGGER_METADATA.contains(key)) {
                problems.add(where + ": metadata key \"" + key + "\" is not a parameter of KEDA's redis trigger");
            }
        });
        for (String required : REDIS_TRIGGER_REQUIRED) {
            if (!metadata.has(required)) {
                problems.add(where + ": no " + required);
            }
        }
        String list = switch (name) {
            case "pending" -> keys.pending();
            case "running" -> keys.leases();
            default -> null;
        };
        if (list != null && !metadata.path("listName").asText().equals(list)) {
            problems.add(where + ": listName " + metadata.path("listName").asText() + ", but the workers' queue key is " + list
                    + " (prefix " + keys.prefix() + ")");
        }
        if (!metadata.path("listLength").asText().equals(String.valueOf(slots))) {
            problems.add(where + ": listLength " + metadata.path("listLength") + " is not the worker's slots (" + slots + ")");
        }
        String address = metadata.path("address").asText(metadata.path("host").asText() + ":" + metadata.path("port").asText());
        if (!address.equals(redis.host() + ":" + redis.port())) {
            problems.add(where + ": Redis at " + address + ", the workers use " + redis.host() + ":" + redis.port());
        }
        String host = address.substring(0, Math.max(0, address.lastIndexOf(':')));
        if (!host.contains(".")) {
            problems.add(where + ": Redis host " + host + " is a bare Service name, which KEDA's operator resolves in its own namespace;"
                    + " name it <service>.<namespace>.svc");
        }
        String namespace = rendered.find("ScaledObject", so.substring("ScaledObject ".length()))
                .map(o -> o.at("/metadata/namespace").asText()).orElse("");
        Matcher service = Pattern.compile("^[a-z0-9-]+\\.([a-z0-9-]+)\\.svc(\\.cluster\\.local)?$").matcher(host);
        if (service.matches() && !namespace.isEmpty() && !service.group(1).equals(namespace)) {
            problems.add(where + ": Redis host " + host + " is a Service of namespace " + service.group(1) + ", the workers run in " + namespace);
        }
        if (!metadata.path("databaseIndex").asText("0").equals(String.valueOf(redis.database()))) {
            problems.add(where + ": databaseIndex " + metadata.path("databaseIndex").asText("0") + ", the workers use " + redis.database());
        }
        Set<String> auth = new LinkedHashSet<>();
        Optional<ObjectNode> authentication = Optional.empty();
        if (trigger.has("authenticationRef")) {
            String ref = trigger.at("/authenticationRef/name").asText();
            authentication = rendered.find("TriggerAuthentication", ref);
            if (authentication.isEmpty()) {
                problems.add(where + ": authenticationRef " + ref + " is not in the overlay");
            }
        }
        authentication.ifPresent(a -> problems.addAll(authentication(where, a, auth, rendered, worker)));
        boolean tls = metadata.path("enableTLS").asText("false").equals("true") || auth.contains("tls");
        if (tls != redis.tls().isPresent()) {
            problems.add(where + ": TLS " + (tls ? "on" : "off") + ", but the workers' Redis URL is " + (redis.tls().isPresent() ? "rediss://" : "redis://"));
        }
        if (redis.password().isPresent() != auth.contains("password")) {
            problems.add(where + ": KEDA logs in " + (auth.contains("password") ? "with" : "without") + " a password, the workers "
                    + (redis.password().isPresent() ? "with" : "without"));
        }
        if (redis.user().isPresent() != auth.contains("username")) {
            problems.add(where + ": KEDA logs in as " + (auth.contains("username") ? "a user" : "the default user") + ", the workers as "
                    + redis.user().map(u -> "user " + u).orElse("the default user"));
        }
        return problems;
    }

    /** The TriggerAuthentication gives documented parameters, from the Secret keys the workers read the same login from. */
    private static List<String> authentication(String where, ObjectNode authentication, Set<String> parameters, Rendered rendered, Workload worker) {
        List<String> problems = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, Workload.Env> env = worker.env(ignored);
        Map<String, String> login = Map.of("password", "EXTRACTOR_REDIS_PASSWORD", "username", "EXTRACTOR_REDIS_USER");
        for (JsonNode ref : authentication.at("/spec/secretTargetRef")) {
            String parameter = ref.path("parameter").asText();
            parameters.add(parameter);
            if (!REDIS_AUTH_PARAMETERS.contains(parameter)) {
                problems.add(where + ": TriggerAuthentication parameter \"" + parameter + "\" is not one KEDA's redis trigger takes");
            }
            String secret = ref.path("name").asText();
            String key = ref.path("key").asText();
            String variable = login.get(parameter);
            if (variable != null && !key.equals(variable)) {
                problems.add(where + ": KEDA's " + parameter + " is key " + key + " of Secret " + secret + ", the workers read " + variable);
            }
            Workload.Env read = env.get(key);
            if (read == null || !read.from().equals("Secret " + secret)) {
                problems.add(where + ": KEDA's " + parameter + " is key " + key + " of Secret " + secret
                        + ", which the workers do not read" + (read == null ? "" : " (theirs is from " + read.from() + ")"));
            }
        }
        return problems;
    }
}
