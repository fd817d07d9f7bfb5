package io.extractor.k8s;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the two apps as an overlay deploys it: its Deployment, its container, and the environment the container
 * gets, resolved the way the kubelet resolves it (ConfigMaps and Secrets by {@code envFrom}, then {@code env}).
 * Secrets an overlay does not make (production's, made by the operator) are taken with the keys its
 * {@code kustomization.yaml} lists for them, their values unknown.
 */
final class Workload {
    /** Stands for a value from a Secret this render does not hold. */
    static final String SECRET = "value-from-a-secret";

    /** Where a variable comes from, and its value when the render holds it. */
    record Env(String name, String value, String from) {
    }

    private final Rendered rendered;
    private final String app;
    private final ObjectNode deployment;
    private final ObjectNode container;

    private Workload(Rendered rendered, String app, ObjectNode deployment, ObjectNode container) {
        this.rendered = requireNonNull(rendered, "rendered");
        this.app = requireNonNull(app, "app");
        this.deployment = requireNonNull(deployment, "deployment");
        this.container = requireNonNull(container, "container");
    }

    /** The Deployment whose container runs the image {@code extractor-<app>} (whatever registry and tag). */
    static Workload of(Rendered rendered, String app) {
        String image = "extractor-" + app;
        for (ObjectNode deployment : rendered.ofKind("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                if (imageName(container.path("image").asText()).equals(image)) {
                    return new Workload(rendered, app, deployment, (ObjectNode) container);
                }
            }
        }
        throw new AssertionError(rendered + ": no Deployment runs the image " + image);
    }

    /** {@code ghcr.io/example/extractor-worker:0.1.0} to {@code extractor-worker}. */
    static String imageName(String image) {
        String withoutTag = image.replaceFirst("@.*$", "").replaceFirst(":[^:/]+$", "");
        return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
    }

    String app() {
        return app;
    }

    Rendered rendered() {
        return rendered;
    }

    ObjectNode deployment() {
        return deployment;
    }

    ObjectNode podSpec() {
        return (ObjectNode) deployment.at("/spec/template/spec");
    }

    ObjectNode container() {
        return container;
    }

    String name() {
        return deployment.path("metadata").path("name").asText();
    }

    /** The container's environment by name, later sources winning as in Kubernetes; problems go to {@code problems}. */
    Map<String, Env> env(List<String> problems) {
        Map<String, Env> env = new LinkedHashMap<>();
        Map<String, Set<String>> documented = documentedSecrets(rendered);
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                Optional<ObjectNode> map = rendered.find("ConfigMap", name);
                if (map.isEmpty()) {
                    problems.add(name() + ": envFrom ConfigMap " + name + " is not in the overlay");
                    continue;
                }
                map.get().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), new Env(e.getKey(), e.getValue().asText(), "ConfigMap " + name)));
            } else if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                boolean optional = from.path("secretRef").path("optional").asBoolean(false);
                for (Map.Entry<String, String> key : secretKeys(name, optional, documented, problems).entrySet()) {
                    env.put(key.getKey(), new Env(key.getKey(), key.getValue(), "Secret " + name));
                }
            } else {
                problems.add(name() + ": envFrom entry of neither a ConfigMap nor a Secret: " + from);
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode from = variable.path("valueFrom");
            if (variable.has("value")) {
                env.put(name, new Env(name, variable.path("value").asText(), "env"));
            } else if (from.has("secretKeyRef")) {
                String secret = from.path("secretKeyRef").path("name").asText();
                String key = from.path("secretKeyRef").path("key").asText();
                Map<String, String> keys = secretKeys(secret, from.path("secretKeyRef").path("optional").asBoolean(false), documented, problems);
                if (!keys.containsKey(key)) {
                    problems.add(name() + ": " + name + " takes key " + key + " of Secret " + secret + ", which has no such key");
                }
                env.put(name, new Env(name, keys.getOrDefault(key, SECRET), "Secret " + secret));
            } else if (from.has("configMapKeyRef")) {
                String map = from.path("configMapKeyRef").path("name").asText();
                String key = from.path("configMapKeyRef").path("key").asText();
                Optional<String> value = rendered.find("ConfigMap", map).map(m -> m.path("data").path(key)).filter(JsonNode::isTextual).map(JsonNode::asText);
                if (value.isEmpty()) {
                    problems.add(name() + ": " + name + " takes key " + key + " of ConfigMap " + map + ", which is not there");
                }
                env.put(name, new Env(name, value.orElse(""), "ConfigMap " + map));
            } else if (from.has("fieldRef")) {
                env.put(name, new Env(name, "pod-" + from.path("fieldRef").path("fieldPath").asText(), "fieldRef"));
            } else {
                problems.add(name() + ": " + name + " has neither a value nor a source it can be read from");
            }
        }
        return env;
    }

    /**
     * A Secret's keys with their values: from the render when the overlay makes it, else the keys its
     * kustomization.yaml documents (values unknown). A Secret that is neither, and not optional, is a problem.
     */
    private Map<String, String> secretKeys(String name, boolean optional, Map<String, Set<String>> documented, List<String> problems) {
        Optional<ObjectNode> secret = rendered.find("Secret", name);
        if (secret.isPresent()) {
            return Rendered.secretData(secret.get());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        if (documented.containsKey(name)) {
            documented.get(name).stream().filter(k -> !k.contains("<")).forEach(k -> keys.put(k, SECRET));
        } else if (!optional) {
            problems.add(name() + ": Secret " + name + " is neither made by " + rendered + " nor listed in its kustomization.yaml");
        }
        return keys;
    }

    /**
     * The Secrets an overlay expects the operator to make, from the lines of its kustomization.yaml's header
     * comment such as {@code #   extractor-redis  EXTRACTOR_REDIS_USER, EXTRACTOR_REDIS_PASSWORD   (the pods and KEDA)}.
     */
    static Map<String, Set<String>> documentedSecrets(Rendered rendered) {
        Pattern line = Pattern.compile("^#\\s+(extractor-[a-z0-9-]+)\\s+([A-Z0-9_<>]+(?:,\\s*[A-Z0-9_<>]+)*)");
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        try {
            for (String text : Files.readAllLines(rendered.dir().resolve("kustomization.yaml"))) {
                Matcher m = line.matcher(text);
                if (m.find()) {
                    secrets.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).addAll(List.of(m.group(2).split(",\\s*")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }

    /** The container's JVM flags ({@code JDK_JAVA_OPTIONS}, which the java launcher reads), one per element. */
    List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals("JDK_JAVA_OPTIONS")) {
                flags.addAll(List.of(variable.path("value").asText().strip().split("\\s+")));
            }
        }
        return flags;
    }

    /** Mebibytes of a memory quantity such as {@code 320Mi} or {@code 1Gi}. */
    static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("^(\\d+)(Mi|Gi|M|G)?$").matcher(quantity);
        if (!m.matches()) {
            throw new AssertionError("memory quantity not understood: " + quantity);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Gi" -> n * 1024;
            case "Mi" -> n;
            case "G" -> n * 1_000_000_000L / (1 << 20);
            case "M" -> n * 1_000_000L / (1 << 20);
            default -> n / (1 << 20);
        };
    }

    /** A path of the repository, for reading the apps' own files. */
    static Path repo(String path) {
        return Tools.repoDir().resolve(path);
    }
}
