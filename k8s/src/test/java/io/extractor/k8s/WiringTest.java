package io.extractor.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.extractor.worker.task.WorkerSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests against the code: every environment variable is a setting the app reads (named back through its
 * config interface) and the settings pass the app's own start-up checks; the probes and ports are where Quarkus
 * serves them for each app's application.properties; the pods are locked down; a stopped worker has the time its
 * shutdown needs; memory and heap are the measured figures; credentials come from Secrets only.
 */
class WiringTest {
    /** What WorkerService.stop waits, after the shutdown grace, for the slots to hand their tasks back. */
    private static final Duration HAND_BACK = Duration.ofSeconds(15);

    static Stream<Arguments> workloads() {
        return Rendered.all().values().stream().flatMap(r -> Stream.of(Arguments.of(r, "coordinator"), Arguments.of(r, "worker")));
    }

    static Stream<Rendered> renders() {
        return Rendered.all().values().stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void everyVariableIsASettingTheAppReadsAndTheAppAcceptsThem(Rendered rendered, String app) {
        AppConfig.Mapped mapped = AppConfig.map(Workload.of(rendered, app));

        assertThat(mapped.problems()).isEmpty();
        assertThatCode(() -> AppConfig.check(app, mapped.properties())).doesNotThrowAnyException();
    }

    @Test
    void aMisspelledVariableOrOneTheAppDoesNotReadIsNamed() {
        Rendered local = Rendered.get("local");
        Workload worker = Workload.of(local, "worker");
        String config = worker.container().path("envFrom").get(0).path("configMapRef").path("name").asText();
        ObjectNode map = local.one("ConfigMap", config).deepCopy();
        ((ObjectNode) map.path("data")).put("EXTRACTOR_REDIS_PREFX", "extractor").put("EXTRACTOR_PLAN_TARGET_ROWS", "100000");
        Rendered hostile = local.with(map);

        assertThat(AppConfig.map(Workload.of(hostile, "worker")).problems()).containsExactlyInAnyOrder(
                "extractor-worker: EXTRACTOR_REDIS_PREFX (ConfigMap " + config + ") is not a setting the worker reads (WorkerConfig)",
                "extractor-worker: EXTRACTOR_PLAN_TARGET_ROWS (ConfigMap " + config + ") is not a setting the worker reads (WorkerConfig)");
        assertThat(AppConfig.map(Workload.of(hostile, "coordinator")).problems()).containsExactly(
                "extractor-coordinator: EXTRACTOR_REDIS_PREFX (ConfigMap " + config + ") is not a setting the coordinator reads (CoordinatorConfig)");
    }

    @Test
    void aSettingTheAppWouldRefuseFailsHere() {
        Rendered local = Rendered.get("local");
        Workload worker = Workload.of(local, "worker");
        Map<String, String> properties = AppConfig.map(worker).properties();
        properties.put("extractor.worker.heartbeat", "40s"); // longer than the 30 s lease

        assertThatCode(() -> AppConfig.check("worker", properties)).hasMessageContaining("extractor.worker.heartbeat");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void theProbesAndPortsAreWhereQuarkusServesThemForTheApp(Rendered rendered, String app) throws IOException {
        Workload workload = Workload.of(rendered, app);
        Management management = Management.of(app);
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        workload.container().path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));

        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        if (app.equals("coordinator")) {
            expected.put("http", management.httpPort());
        }
        expected.put("management", management.port());
        assertThat(ports).as("%s %s ports", rendered, app).containsExactlyEntriesOf(expected);
        for (Map.Entry<String, String> probe : Map.of("startupProbe", management.started(), "livenessProbe", management.live(),
                "readinessProbe", management.ready()).entrySet()) {
            JsonNode get = workload.container().path(probe.getKey()).path("httpGet");
            assertThat(get.path("path").asText()).as("%s %s %s", rendered, app, probe.getKey()).isEqualTo(probe.getValue());
            assertThat(get.path("port").asText()).as("%s %s %s port", rendered, app, probe.getKey()).isEqualTo("management");
            assertThat(get.path("scheme").asText("HTTP")).isEqualTo("HTTP");
        }
        if (app.equals("coordinator")) {
            ObjectNode service = rendered.one("Service", "extractor-coordinator");
            List<String> targets = new ArrayList<>();
            service.at("/spec/ports").forEach(p -> targets.add(p.path("name").asText() + "->" + p.path("targetPort").asText()));
            assertThat(targets).containsExactly("http->http", "management->management");
            assertThat(service.at("/spec/selector")).isEqualTo(workload.deployment().at("/spec/selector/matchLabels"));
        }
    }

    /**
     * The probes above go to the management interface, which only exists when the app has SmallRye Health and
     * turns the interface on; until the app's build has the health extension this is skipped, not passed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theAppServesHealthOnTheManagementInterfaceTheProbesUse(String app) throws IOException {
        Management management = Management.of(app);
        assumeThat(management.healthExtension()).as(app + "/pom.xml has no quarkus-smallrye-health yet").isTrue();

        assertThat(management.enabled()).as(app + ": quarkus.management.enabled=true in application.properties").isTrue();
    }

    static Stream<String> apps() {
        return Stream.of("coordinator", "worker");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyContainerRunsAsNonRootOnAReadOnlyFilesystemWithNoPrivilegeOrCapability(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode owner : rendered.objects()) {
            JsonNode pod = owner.at("/spec/template/spec");
            if (pod.isMissingNode()) {
                continue;
            }
            String who = owner.path("kind").asText() + "/" + owner.path("metadata").path("name").asText();
            if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
                problems.add(who + ": mounts a service account token it does not need");
            }
            if (!pod.path("enableServiceLinks").isBoolean() || pod.path("enableServiceLinks").asBoolean()) {
                problems.add(who + ": enableServiceLinks is not false (Service variables would mix with the settings)");
            }
            if (!pod.at("/securityContext/seccompProfile/type").asText().equals("RuntimeDefault")) {
                problems.add(who + ": no RuntimeDefault seccomp profile");
            }
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode container : containers) {
                String where = who + " " + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                boolean nonRoot = security.path("runAsNonRoot").asBoolean(pod.at("/securityContext/runAsNonRoot").asBoolean(false));
                int user = security.path("runAsUser").asInt(pod.at("/securityContext/runAsUser").asInt(0));
                if (!nonRoot || user == 0) {
                    problems.add(where + ": may run as root (runAsNonRoot with a non-zero runAsUser)");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + ": writable root filesystem");
                }
                if (!security.has("allowPrivilegeEscalation") || security.path("allowPrivilegeEscalation").asBoolean()) {
                    problems.add(where + ": privilege escalation allowed");
                }
                if (security.path("privileged").asBoolean(false)) {
                    problems.add(where + ": privileged");
                }
                List<String> dropped = new ArrayList<>();
                security.at("/capabilities/drop").forEach(c -> dropped.add(c.asText()));
                if (!dropped.contains("ALL") || security.at("/capabilities/add").size() > 0) {
                    problems.add(where + ": capabilities not all dropped");
                }
                if (!container.at("/resources/limits/memory").isTextual() || !container.at("/resources/requests/memory").isTextual()) {
                    problems.add(where + ": no memory request and limit");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void aStoppedWorkerHasTimeToFinishOrHandBackItsTasks(Rendered rendered) {
        Workload worker = Workload.of(rendered, "worker");
        WorkerSettings settings = WorkerSettings.from(AppConfig.worker(AppConfig.map(worker).properties()));
        long grace = worker.podSpec().path("terminationGracePeriodSeconds").asLong(30);

        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds of %s", rendered)
                .isGreaterThan(settings.worker().shutdownGrace().plus(HAND_BACK));
    }

    /**
     * README "Sizing a worker" (bench/RESULTS.md): one slot runs in a fixed 96 MiB heap and 320 MiB of memory, each
     * further slot needs about 40 MiB more heap and 64 MiB more memory; the coordinator peaked at 200 MiB with
     * -Xmx128m under API load.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void memoryAndHeapAreTheMeasuredFiguresForTheSlotsConfigured(Rendered rendered) {
        Workload worker = Workload.of(rendered, "worker");
        int slots = AppConfig.worker(AppConfig.map(worker).properties()).worker().slots();
        long limit = Workload.mebibytes(worker.container().at("/resources/limits/memory").asText());

        assertThat(limit).as("worker memory limit (MiB) for %d slot(s)", slots).isGreaterThanOrEqualTo(320 + 64L * (slots - 1));
        assertThat(worker.container().at("/resources/requests/memory").asText())
                .as("the memory a worker is given is the memory it may use").isEqualTo(worker.container().at("/resources/limits/memory").asText());
        assertThat(heapMiB(worker.jvmFlags(), "-Xmx")).isGreaterThanOrEqualTo(96 + 40L * (slots - 1)).isLessThan(limit / 2);
        assertThat(heapMiB(worker.jvmFlags(), "-Xms")).as("a fixed heap").isEqualTo(heapMiB(worker.jvmFlags(), "-Xmx"));
        assertThat(worker.jvmFlags()).contains("-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000",
                "-XX:CompileCommand=MemLimit,*.*,32m");

        Workload coordinator = Workload.of(rendered, "coordinator");
        long coordinatorLimit = Workload.mebibytes(coordinator.container().at("/resources/limits/memory").asText());
        assertThat(coordinatorLimit).isGreaterThanOrEqualTo(Math.round(200 * 1.5));
        assertThat(heapMiB(coordinator.jvmFlags(), "-Xmx")).isEqualTo(128);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void credentialsComeFromSecretsAndNeverStandInAPodSpec(Rendered rendered) {
        Pattern secretName = Pattern.compile(".*(PASSWORD|SECRET_KEY|ACCESS_KEY|PASSWORD_HASH|TOKEN)$");
        for (ObjectNode owner : rendered.objects()) {
            for (JsonNode container : owner.at("/spec/template/spec/containers")) {
                for (JsonNode variable : container.path("env")) {
                    if (secretName.matcher(variable.path("name").asText()).matches()) {
                        assertThat(variable.has("value")).as("%s %s sets %s in the open", rendered, owner.at("/metadata/name").asText(),
                                variable.path("name").asText()).isFalse();
                    }
                }
            }
        }
        for (ObjectNode map : rendered.ofKind("ConfigMap")) {
            assertThat(map.path("data").properties()).as("ConfigMap %s", map.at("/metadata/name").asText())
                    .noneMatch(e -> secretName.matcher(e.getKey()).matches());
        }
        for (String app : List.of("coordinator", "worker")) {
            assertThat(Workload.of(rendered, app).podSpec().path("serviceAccountName").asText()).isEqualTo("extractor");
        }
    }

    /**
     * The Secrets a kustomization.yaml tells the operator to make hold variables the apps read, spelled right (that
     * every Secret a pod reads is made by the overlay or listed so is checked with the variables above).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theSecretKeysAKustomizationDocumentsAreSettingsTheAppsRead(Rendered rendered) {
        List<String> patterns = new ArrayList<>();
        for (String app : List.of("coordinator", "worker")) {
            patterns.addAll(io.extractor.testkit.ConfigTable.properties(AppConfig.mapping(app)).keySet());
        }
        Map<String, java.util.Set<String>> documented = Workload.documentedSecrets(rendered);

        documented.forEach((secret, keys) -> assertThat(keys).as("keys of %s", secret)
                .allSatisfy(key -> assertThat(AppConfig.property(patterns, key.replace("<NAME>", "SAMPLE"))).as(key).isPresent()));
    }

    @Test
    void productionReachesS3ThroughTheIrsaRoleWithNoKeysAnywhere() {
        Rendered production = Rendered.get("production");

        assertThat(production.one("ServiceAccount", "extractor").at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
                .startsWith("arn:aws:iam::");
        assertThat(production.ofKind("Secret")).as("production makes no Secret: the operator does").isEmpty();
        assertThat(production.yaml()).doesNotContain("ACCESS_KEY", "SECRET_KEY");
        for (String app : List.of("coordinator", "worker")) {
            Map<String, String> properties = AppConfig.map(Workload.of(production, app)).properties();
            assertThat(properties).containsKey("extractor.sinks.lake.bucket")
                    .doesNotContainKeys("extractor.sinks.lake.access-key", "extractor.sinks.lake.secret-key", "extractor.sinks.lake.endpoint");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theImagesAreTheTwoAppsImagesWithATag(Rendered rendered) {
        for (String app : List.of("coordinator", "worker")) {
            String image = Workload.of(rendered, app).container().path("image").asText();
            assertThat(image).as("%s %s", rendered, app).matches("([a-z0-9.-]+(:\\d+)?/)?([a-z0-9._-]+/)*extractor-" + app + ":[A-Za-z0-9._-]+");
        }
    }

    /**
     * The images (their Dockerfile.jvm, once written) run {@code java} directly, which reads the pod's
     * {@code JDK_JAVA_OPTIONS} in place of the image's, as the user the pods run as, on the ports the pods name.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theImageReadsTheFlagsRunsAsTheUserAndListensOnThePortsThePodsName(String app) throws IOException {
        Path dockerfile = Workload.repo(app + "/src/main/docker/Dockerfile.jvm");
        assumeThat(Files.exists(dockerfile)).as(dockerfile + " not written yet").isTrue();
        String text = Files.readString(dockerfile);
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(text);
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[\\s*\"([^\"]+)\"").matcher(text);
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+([0-9 ]+)$").matcher(text);

        assertThat(text).contains("JDK_JAVA_OPTIONS=");
        assertThat(entrypoint.find() && entrypoint.group(1).equals("java")).as(dockerfile + ": ENTRYPOINT runs java").isTrue();
        assertThat(user.find()).as(dockerfile + ": a numeric USER").isTrue();
        assertThat(expose.find()).as(dockerfile + ": EXPOSE").isTrue();
        for (Rendered rendered : Rendered.all().values()) {
            Workload workload = Workload.of(rendered, app);
            assertThat(workload.podSpec().at("/securityContext/runAsUser").asText()).as("%s %s runAsUser", rendered, app).isEqualTo(user.group(1));
            List<String> ports = new ArrayList<>();
            workload.container().path("ports").forEach(p -> ports.add(p.path("containerPort").asText()));
            assertThat(ports).as("%s %s ports", rendered, app).containsExactlyInAnyOrder(expose.group(1).strip().split("\\s+"));
        }
    }

    /** The worker image's AOT cache is used only with the module options it was trained with: the pods add none. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theWorkersFlagsLeaveTheImagesAotCacheUsable(Rendered rendered) {
        assertThat(Workload.of(rendered, "worker").jvmFlags()).noneMatch(f -> f.startsWith("--") || f.startsWith("-XX:AOT")
                || f.startsWith("-XX:+UseZGC") || f.startsWith("-XX:+UseShenandoahGC"));
    }

    private static long heapMiB(List<String> flags, String flag) {
        return flags.stream().filter(f -> f.startsWith(flag)).map(f -> Workload.mebibytes(f.substring(flag.length()).replace("m", "Mi").replace("g", "Gi")))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + flag + " in " + flags));
    }

    /** Where Quarkus serves an app's API, health and metrics, from its application.properties over Quarkus' defaults. */
    record Management(int httpPort, int port, String live, String ready, String started, boolean enabled, boolean healthExtension) {
        static Management of(String app) throws IOException {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(Workload.repo(app + "/src/main/resources/application.properties"))) {
                p.load(in);
            }
            String root = p.getProperty("quarkus.management.root-path", "/q").replaceAll("/$", "");
            String health = root + "/" + p.getProperty("quarkus.smallrye-health.root-path", "health");
            return new Management(
                    Integer.parseInt(p.getProperty("quarkus.http.port", "8080")),
                    Integer.parseInt(p.getProperty("quarkus.management.port", "9000")),
                    health + "/" + p.getProperty("quarkus.smallrye-health.liveness-path", "live"),
                    health + "/" + p.getProperty("quarkus.smallrye-health.readiness-path", "ready"),
                    health + "/" + p.getProperty("quarkus.smallrye-health.startup-path", "started"),
                    Boolean.parseBoolean(p.getProperty("quarkus.management.enabled", "false")),
                    Files.readString(Workload.repo(app + "/pom.xml")).contains("<artifactId>quarkus-smallrye-health</artifactId>"));
        }
    }
}
