package io.extractor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No unknown or misplaced field anywhere: the built-in kinds read by fabric8's model with unknown fields refused
 * ({@link StrictFields}), and every kind, KEDA's included, type-checked against the models' TypeScript interfaces
 * ({@code strict.mjs}). Both checks are shown to refuse a manifest with a misspelled field and one at the wrong level.
 */
class StrictFieldsTest {
    static Stream<Rendered> renders() {
        return Rendered.all().values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void fabric8ReadsEveryBuiltInObjectWithNoFieldLeftOver(Rendered rendered) {
        List<ObjectNode> unmodelled = rendered.objects().stream().filter(o -> StrictFields.modelOf(o).isEmpty()).toList();

        assertThat(StrictFields.problems(rendered.objects())).isEmpty();
        // only KEDA's kinds fall outside fabric8's model; those are for the TypeScript check below
        assertThat(unmodelled).allSatisfy(o -> assertThat(o.path("apiVersion").asText()).startsWith("keda.sh/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyObjectKedasIncludedHasOnlyTheFieldsOfItsSchemaAtTheirPlace(Rendered rendered) {
        Tools.Result result = Tools.get().node("strict.mjs", rendered.writeJson("strict-" + rendered.name()));

        assertThat(result.exitCode()).as(result.both()).isZero();
        assertThat(result.out()).contains(rendered.objects().size() + " objects, 0 problems");
    }

    @Test
    void aMisspelledFieldAndAFieldAtTheWrongLevelAreRefusedByBothChecks() {
        ObjectNode worker = Rendered.get("production").one("Deployment", "extractor-worker").deepCopy();
        ObjectNode container = (ObjectNode) worker.at("/spec/template/spec/containers/0");
        container.put("imagePulPolicy", "Always");
        // a probe belongs to a container, not to the pod
        ((ObjectNode) worker.at("/spec/template/spec")).set("readinessProbe", container.get("readinessProbe").deepCopy());

        assertThat(StrictFields.problems(List.of(worker))).singleElement().asString()
                .contains("imagePulPolicy").contains("spec.template.spec.containers[0]");
        ObjectNode podLevel = Rendered.get("production").one("Deployment", "extractor-worker").deepCopy();
        ((ObjectNode) podLevel.at("/spec/template/spec")).set("readinessProbe", container.get("readinessProbe").deepCopy());
        assertThat(StrictFields.problems(List.of(podLevel))).singleElement().asString()
                .contains("readinessProbe").contains("spec.template.spec");

        Tools.Result result = Tools.get().node("strict.mjs", Rendered.writeJson("strict-hostile-deployment", List.of(worker)));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("unknown field \"imagePulPolicy\" in IContainer")
                .contains("unknown field \"readinessProbe\" in IPodSpec")
                .contains("1 objects, 2 problems");
    }

    @Test
    void aMisspelledKedaFieldIsRefused() {
        ObjectNode scaled = Rendered.get("production").one("ScaledObject", "extractor-worker").deepCopy();
        ((ObjectNode) scaled.at("/spec")).put("pollingIntervall", 5);
        ((ObjectNode) scaled.at("/spec/advanced/scalingModifiers")).put("formular", "pending");
        ObjectNode auth = Rendered.get("production").one("TriggerAuthentication", "extractor-redis").deepCopy();
        ((ObjectNode) auth.at("/spec/secretTargetRef/0")).put("secret", "extractor-redis");

        Tools.Result result = Tools.get().node("strict.mjs", Rendered.writeJson("strict-hostile-keda", List.of(scaled, auth)));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("0 ScaledObject/extractor-worker").contains("unknown field \"pollingIntervall\" in IScaledObjectSpec")
                .contains("unknown field \"formular\" in IScalingModifiers")
                .contains("1 TriggerAuthentication/extractor-redis").contains("unknown field \"secret\" in IAuthTargetRef")
                .contains("2 objects, 3 problems");
    }
}
