package io.extractor.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The strict check of the built-in kinds with fabric8's Kubernetes model. Its classes keep any field they do not
 * know in an "additional properties" map, so a misspelled or misplaced field would pass silently; here that map is
 * taken away and unknown fields fail the parse, naming the field and where it was, like the API server's strict
 * field validation ({@code kubectl apply}'s default) does.
 */
final class StrictFields {
    private static final KubernetesSerialization REGISTRY = new KubernetesSerialization();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .registerModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }));

    private StrictFields() {
    }

    /** fabric8's class for the object's apiVersion and kind; empty for kinds it does not model (KEDA's). */
    static Optional<Class<? extends KubernetesResource>> modelOf(ObjectNode object) {
        Class<? extends KubernetesResource> type = REGISTRY.getRegisteredKubernetesResource(
                object.path("apiVersion").asText(), object.path("kind").asText());
        return type == null || type == GenericKubernetesResource.class ? Optional.empty() : Optional.of(type);
    }

    /** Every problem reading the objects that fabric8 models, one line each; objects it does not model are skipped. */
    static List<String> problems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            Optional<Class<? extends KubernetesResource>> model = modelOf(object);
            if (model.isEmpty()) {
                continue;
            }
            try {
                STRICT.treeToValue(object, model.get());
            } catch (JsonMappingException e) {
                problems.add(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText() + ": "
                        + e.getOriginalMessage().lines().findFirst().orElse("") + " at " + path(e));
            } catch (Exception e) {
                problems.add(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText() + ": " + e);
            }
        }
        return problems;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.isEmpty() ? "the top" : path.substring(path.charAt(0) == '.' ? 1 : 0);
    }
}
