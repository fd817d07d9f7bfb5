package io.extractor.coordinator.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The management port with built-in users: Prometheus must log in to read /q/metrics (any role will do), while the
 * kubelet's probes need no login; the API's logins are not weakened by it.
 */
@QuarkusTest
@QuarkusTestResource(value = AuthServices.class, restrictToAnnotatedClass = true)
class MetricsAuthTest {
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void metricsNeedALoginAndProbesDoNot() {
        Response anonymous = given().get(management.resolve("/q/metrics"));
        Response wrong = given().auth().preemptive().basic("viewer", "not the password").get(management.resolve("/q/metrics"));
        Response viewer = given().auth().preemptive().basic("viewer", AuthServices.PASSWORD).get(management.resolve("/q/metrics"));
        Response live = given().get(management.resolve("/q/health/live"));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWithIgnoringCase("basic");
        assertThat(anonymous.body().asString()).doesNotContain("jvm_");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(viewer.body().asString()).contains("# TYPE jvm_memory_used_bytes gauge");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(given().get("/api/jobs").statusCode()).as("the API still wants a login").isEqualTo(401);
    }
}
