package io.extractor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KEDA's objects, whose trigger metadata no schema checks (it is a free map of strings), against KEDA's documented
 * parameters and against what the workers read: see {@link Scaling}. Each kind of mistake is shown to be caught.
 */
class ScalingTest {
    static Stream<Rendered> renders() {
        return Rendered.all().values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void kedaWatchesTheWorkersQueueInTheirRedisAndScalesThemWithinTheSourcesLimit(Rendered rendered) {
        assertThat(Scaling.problems(rendered)).isEmpty();
    }

    @Test
    void aMisspelledTriggerKeyAListUnderAnotherPrefixAndARedisKedaCannotReachAreCaught() {
        Rendered local = Rendered.get("local");
        ObjectNode scaled = local.one("ScaledObject", "extractor-worker").deepCopy();
        ObjectNode pending = (ObjectNode) scaled.at("/spec/triggers/0/metadata");
        pending.put("listname", pending.remove("listName").asText());
        pending.put("address", "redis.default.svc:6379");
        ObjectNode running = (ObjectNode) scaled.at("/spec/triggers/1/metadata");
        running.put("listName", "extractor-demo:leases").put("address", "redis:6379").put("enableTLS", "true");

        assertThat(Scaling.problems(local.with(scaled))).containsExactlyInAnyOrder(
                "ScaledObject extractor-worker trigger pending: metadata key \"listname\" is not a parameter of KEDA's redis trigger",
                "ScaledObject extractor-worker trigger pending: no listName",
                "ScaledObject extractor-worker trigger pending: Redis at redis.default.svc:6379, the workers use redis.extractor.svc:6379",
                "ScaledObject extractor-worker trigger pending: Redis host redis.default.svc is a Service of namespace default, the workers run in extractor",
                "ScaledObject extractor-worker trigger pending: listName , but the workers' queue key is extractor:pending (prefix extractor:)",
                "ScaledObject extractor-worker trigger running: listName extractor-demo:leases, but the workers' queue key is extractor:leases (prefix extractor:)",
                "ScaledObject extractor-worker trigger running: Redis at redis:6379, the workers use redis.extractor.svc:6379",
                "ScaledObject extractor-worker trigger running: Redis host redis is a bare Service name, which KEDA's operator resolves in its own"
                        + " namespace; name it <service>.<namespace>.svc",
                "ScaledObject extractor-worker trigger running: TLS on, but the workers' Redis URL is redis://");
    }

    @Test
    void aTargetOtherThanTheWorkersAndMoreWorkersThanTheSourceServesAreCaught() {
        Rendered production = Rendered.get("production");
        ObjectNode scaled = production.one("ScaledObject", "extractor-worker").deepCopy();
        ((ObjectNode) scaled.at("/spec/scaleTargetRef")).put("name", "extractor-workers");
        ((ObjectNode) scaled.at("/spec")).put("maxReplicaCount", 40);
        ((ObjectNode) scaled.at("/spec/advanced/scalingModifiers")).put("target", "4");

        assertThat(Scaling.problems(production.with(scaled))).containsExactlyInAnyOrder(
                "ScaledObject extractor-worker: scaleTargetRef {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"extractor-workers\"}"
                        + " is not the workers' Deployment extractor-worker",
                "ScaledObject extractor-worker: maxReplicaCount 40 x 1 slot(s) is more than source shop's max-streams 16: the extra workers could only wait",
                "ScaledObject extractor-worker: scalingModifiers.target \"4\" is not the worker's slots (1)");
    }

    @Test
    void aLoginKedaDoesNotShareWithTheWorkersIsCaught() {
        Rendered production = Rendered.get("production");
        ObjectNode auth = production.one("TriggerAuthentication", "extractor-redis").deepCopy();
        ((ObjectNode) auth.at("/spec/secretTargetRef/0")).put("parameter", "user");
        ((ObjectNode) auth.at("/spec/secretTargetRef/1")).put("key", "REDIS_PASSWORD");

        assertThat(Scaling.problems(production.with(auth))).contains(
                "ScaledObject extractor-worker trigger pending: TriggerAuthentication parameter \"user\" is not one KEDA's redis trigger takes",
                "ScaledObject extractor-worker trigger pending: KEDA's password is key REDIS_PASSWORD of Secret extractor-redis, the workers read EXTRACTOR_REDIS_PASSWORD",
                "ScaledObject extractor-worker trigger pending: KEDA's password is key REDIS_PASSWORD of Secret extractor-redis, which the workers do not read",
                "ScaledObject extractor-worker trigger pending: KEDA logs in as the default user, the workers as user value-from-a-secret");
    }
}
