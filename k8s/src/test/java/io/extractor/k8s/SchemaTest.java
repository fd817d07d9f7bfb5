package io.extractor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every object of every overlay (and the base) against the official schemas, offline: the Kubernetes OpenAPI
 * schemas (npm kubernetes-models) and KEDA's CRDs (npm @kubernetes-models/keda), through {@code validate.mjs}.
 */
class SchemaTest {
    static Stream<Rendered> renders() {
        return Rendered.all().values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyObjectMatchesItsKubernetesOrKedaSchema(Rendered rendered) {
        Tools.Result result = Tools.get().node("validate.mjs", rendered.writeJson("schema-" + rendered.name()));

        assertThat(result.exitCode()).as(result.both()).isZero();
        assertThat(result.out()).contains(rendered.objects().size() + " objects, 0 problems");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyOverlayHasTheObjectsADeploymentNeeds(Rendered rendered) {
        for (String kind : List.of("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "ScaledObject", "TriggerAuthentication")) {
            assertThat(rendered.ofKind(kind)).as(rendered + ": " + kind).isNotEmpty();
        }
        rendered.one("Deployment", "extractor-coordinator");
        rendered.one("Deployment", "extractor-worker");
    }

    @Test
    void theSchemaCheckRefusesAPortWrittenAsAWordAndAKindItHasNoSchemaFor() {
        ObjectNode worker = Rendered.get("local").one("Deployment", "extractor-worker").deepCopy();
        ((ObjectNode) worker.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "nine-thousand");
        ObjectNode unknown = (ObjectNode) Rendered.JSON.createObjectNode()
                .put("apiVersion", "keda.sh/v1alpha1").put("kind", "ScaledObjekt");
        unknown.putObject("metadata").put("name", "typo");

        Path objects = Rendered.writeJson("schema-hostile", List.of(worker, unknown));
        Tools.Result result = Tools.get().node("validate.mjs", objects);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("0 Deployment/extractor-worker: data/spec/template/spec/containers/0/ports/0/containerPort must be integer")
                .contains("1 ScaledObjekt/typo: no schema for kind ScaledObjekt in keda.sh/v1alpha1")
                .contains("2 objects, 2 problems");
    }
}
