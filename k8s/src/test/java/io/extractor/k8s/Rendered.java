package io.extractor.k8s;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One kustomization rendered as {@code kubectl kustomize} renders it (what {@code kubectl apply -k} sends), as a
 * list of objects. Every overlay under {@code k8s/overlays} and the base are rendered once per test run.
 */
record Rendered(String name, Path dir, String yaml, List<ObjectNode> objects) {
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Rendered> all;

    Rendered {
        requireNonNull(name, "name");
        objects = List.copyOf(objects);
    }

    /** The base and every overlay, by name ({@code base}, {@code local}, {@code production}, ...). */
    static synchronized Map<String, Rendered> all() {
        if (all == null) {
            Map<String, Rendered> rendered = new LinkedHashMap<>();
            Path module = Tools.moduleDir();
            rendered.put("base", render("base", module.resolve("base")));
            try (Stream<Path> overlays = Files.list(module.resolve("overlays"))) {
                for (Path overlay : overlays.filter(p -> Files.exists(p.resolve("kustomization.yaml"))).sorted().toList()) {
                    rendered.put(overlay.getFileName().toString(), render(overlay.getFileName().toString(), overlay));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all = rendered;
        }
        return all;
    }

    static Rendered get(String name) {
        return requireNonNull(all().get(name), () -> "no kustomization " + name);
    }

    /** {@code kubectl kustomize dir}; fails with kubectl's own words when the kustomization does not build. */
    static Rendered render(String name, Path dir) {
        Tools.Result result = Tools.run(List.of(Tools.get().kubectl().toString(), "kustomize", dir.toString()), dir, Duration.ofMinutes(2));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + result.both());
        }
        return new Rendered(name, dir, result.out(), parse(result.out()));
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(yaml); MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    ObjectNode one(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " " + name));
    }

    /** This render with {@code replacement} in place of the object of its kind and name: a hostile variant for a test. */
    Rendered with(ObjectNode replacement) {
        String kind = replacement.path("kind").asText();
        String name = replacement.path("metadata").path("name").asText();
        one(kind, name);
        List<ObjectNode> replaced = objects.stream()
                .map(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()) ? replacement : o)
                .toList();
        return new Rendered(this.name, dir, yaml, replaced);
    }

    /** The objects as a JSON array in a file, for the node scripts. */
    Path writeJson(String label) {
        return writeJson(label, objects);
    }

    static Path writeJson(String label, List<ObjectNode> objects) {
        try {
            Path file = Tools.workDir().resolve(label + ".json");
            List<JsonNode> normalized = new ArrayList<>();
            for (ObjectNode object : objects) {
                normalized.add(normalizeSecretData(object.deepCopy()));
            }
            JSON.writeValue(file.toFile(), normalized);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kustomize folds long base64 values of a Secret's {@code data} over several lines; the API server's decoder
     * skips the line breaks, the validators' base64 pattern does not, so they are taken out here, as the server does.
     */
    private static ObjectNode normalizeSecretData(ObjectNode object) {
        if ("Secret".equals(object.path("kind").asText()) && object.path("data") instanceof ObjectNode data) {
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                entry.setValue(JSON.getNodeFactory().textNode(entry.getValue().asText().replaceAll("[\\r\\n]", "")));
            }
        }
        return object;
    }

    /** A Secret's values, decoded (the API server's way: line breaks in the base64 are skipped). */
    static Map<String, String> secretData(ObjectNode secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.path("data").fields().forEachRemaining(e -> values.put(e.getKey(),
                new String(Base64.getMimeDecoder().decode(e.getValue().asText()), java.nio.charset.StandardCharsets.UTF_8)));
        secret.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    @Override
    public String toString() {
        return name;
    }
}
