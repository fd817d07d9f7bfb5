package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images, as far as a machine with no Docker can check them: what the Dockerfiles copy is there
 * after {@code ./mvnw package} and in the build context, they run as a numeric non-root user, their entry points
 * get signals, and the worker image's AOT cache training runs with no services and makes a cache the worker starts
 * with. The images themselves are never built here.
 */
class ImagesTest {
    private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
    private static final Path WORKER_APP = Path.of(System.getProperty("extractor.worker.jar")).toAbsolutePath().getParent();
    private static final List<String> DOCKERFILES = List.of(
            "coordinator/src/main/docker/Dockerfile.jvm",
            "coordinator/src/main/docker/Dockerfile.native",
            "worker/src/main/docker/Dockerfile.jvm",
            "worker/src/main/docker/Dockerfile.native");

    @TempDir
    Path scratch;

    private static List<Dockerfile> dockerfiles() throws IOException {
        List<Dockerfile> files = new ArrayList<>();
        for (String name : DOCKERFILES) {
            files.add(Dockerfile.read(ROOT.resolve(name)));
        }
        return files;
    }

    @Test
    void everyFileTheImagesCopyIsThereAfterPackageAndInTheBuildContext() throws IOException {
        DockerIgnore ignore = DockerIgnore.read(ROOT.resolve(".dockerignore"));
        List<String> problems = new ArrayList<>();
        for (Dockerfile file : dockerfiles()) {
            for (Dockerfile.Stage stage : file.stages()) {
                for (Dockerfile.Instruction copy : Stream.concat(stage.all("COPY").stream(), stage.all("ADD").stream()).toList()) {
                    if (copy.flags().containsKey("from")) {
                        continue;
                    }
                    List<String> operands = copy.operands();
                    assertThat(operands).as("%s:%d has a source and a destination", file.path(), copy.line()).hasSizeGreaterThanOrEqualTo(2);
                    for (String source : operands.subList(0, operands.size() - 1)) {
                        List<Path> found = expand(source);
                        if (found.isEmpty()) {
                            problems.add(file.path().getFileName() + ":" + copy.line() + " copies " + source + ", which is not there");
                        }
                        for (Path path : found) {
                            for (String sent : filesUnder(path)) {
                                if (!ignore.sends(sent)) {
                                    problems.add(file.path().getFileName() + ":" + copy.line() + " copies " + sent + ", which .dockerignore leaves out");
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyImageRunsAsANumericUserThatIsNotRoot() throws IOException {
        for (Dockerfile file : dockerfiles()) {
            String user = effectiveUser(file, file.last());
            assertThat(user).as("%s: the final stage's USER (numeric, so that runAsNonRoot can check it)", file.path())
                    .matches("[0-9]+(:[0-9]+)?");
            assertThat(Long.parseLong(user.split(":")[0])).as("%s: uid", file.path()).isNotZero();
        }
    }

    @Test
    void entryPointsAreExecFormSoSigtermReachesTheApp() throws IOException {
        for (Dockerfile file : dockerfiles()) {
            Dockerfile.Instruction entrypoint = file.last().last("ENTRYPOINT").orElseThrow();
            assertThat(entrypoint.execForm()).as("%s: ENTRYPOINT in exec form (no shell in between to swallow SIGTERM)", file.path())
                    .hasValueSatisfying(command -> assertThat(command).isNotEmpty());
        }
    }

    @Test
    void baseImagesNameAVersionAndStagesCopyOnlyFromEarlierOnes() throws IOException {
        for (Dockerfile file : dockerfiles()) {
            Set<String> earlier = new HashSet<>();
            for (Dockerfile.Stage stage : file.stages()) {
                if (!earlier.contains(stage.from())) {
                    String tag = stage.from().contains("@") ? "digest" : stage.from().replaceAll("^.*?(:([^:/]+))?$", "$2");
                    assertThat(tag).as("%s: FROM %s names a version", file.path(), stage.from()).isNotBlank().isNotEqualTo("latest");
                }
                for (Dockerfile.Instruction copy : stage.all("COPY")) {
                    String from = copy.flags().get("from");
                    if (from != null) {
                        assertThat(earlier).as("%s:%d copies from an earlier stage", file.path(), copy.line()).contains(from);
                    }
                }
                if (stage.name() != null) {
                    assertThat(earlier.add(stage.name())).as("%s: stage names are unique", file.path()).isTrue();
                }
            }
        }
    }

    @Test
    void theImagesListenOnTheAppsPorts() throws IOException {
        Map<String, Set<String>> ports = Map.of(
                "coordinator", Set.of("8080", "9000"), // API and status page; management (health, metrics)
                "worker", Set.of("9000"));             // management only
        for (Dockerfile file : dockerfiles()) {
            String app = ROOT.relativize(file.path()).getName(0).toString();
            Set<String> exposed = new HashSet<>();
            file.last().all("EXPOSE").forEach(e -> exposed.addAll(e.operands()));
            assertThat(exposed).as("%s: EXPOSE", file.path()).isEqualTo(ports.get(app));
        }
    }

    @Test
    void theWorkerImageStartsWithTheCacheItsTrainingStageWrote() throws IOException {
        Dockerfile jvm = Dockerfile.read(ROOT.resolve("worker/src/main/docker/Dockerfile.jvm"));
        Dockerfile.Stage training = jvm.stage("training").orElseThrow();
        String output = argumentAfter(training.last("RUN").orElseThrow().operands(), "--output");
        Dockerfile.Instruction copy = jvm.last().all("COPY").stream().filter(c -> "training".equals(c.flags().get("from"))).findFirst().orElseThrow();
        String cache = copy.operands().getLast();
        assertThat(copy.operands().getFirst()).as("the final stage copies what the training wrote").isEqualTo(output);
        List<String> entrypoint = jvm.last().last("ENTRYPOINT").orElseThrow().execForm().orElseThrow();
        assertThat(entrypoint).contains("-XX:AOTCache=" + cache);
        assertThat(entrypoint.subList(entrypoint.indexOf("-jar"), entrypoint.size()))
                .as("started as the training starts it, from the app's folder: a cache records the class path")
                .containsExactly("-jar", "quarkus-run.jar");
        assertThat(jvm.stage("app").orElseThrow().last("WORKDIR").orElseThrow().arguments()).isEqualTo("/deployments");
    }

    @Test
    void theWorkerImagesTrainingNeedsNoServicesAndTheWorkerStartsWithItsCache() throws Exception {
        Dockerfile jvm = Dockerfile.read(ROOT.resolve("worker/src/main/docker/Dockerfile.jvm"));
        List<String> jvmOptions = List.of(jvm.stage("app").orElseThrow().env().get("JDK_JAVA_OPTIONS").split("\\s+"));
        Path cache = scratch.resolve("app.aot");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int nowhere = closedPort();

        List<String> train = new ArrayList<>(List.of("bash", ROOT.resolve("bin/worker-aot-cache").toString(), "--app", WORKER_APP.toString(),
                "--output", cache.toString(), "--java", java, "--"));
        train.addAll(jvmOptions);
        Path trainingLog = scratch.resolve("training.log");
        ProcessBuilder trainer = new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(trainingLog.toFile());
        trainer.environment().keySet().removeIf(name -> name.startsWith("EXTRACTOR_"));
        trainer.environment().put("EXTRACTOR_REDIS_URL", "redis://127.0.0.1:" + nowhere); // as in an image build: nothing there
        Process training = trainer.start();
        assertThat(training.waitFor(5, TimeUnit.MINUTES)).as("the training run ends").isTrue();
        assertThat(training.exitValue()).as("training exit code; log:\n%s", Files.readString(trainingLog)).isZero();
        assertThat(Files.readString(trainingLog)).contains("AOT training run: 100000 rows into 2 Parquet parts");
        assertThat(cache).isNotEmptyFile();

        // AOTMode=on: the JVM refuses to start rather than run without the cache
        List<String> run = new ArrayList<>(List.of(java));
        run.addAll(jvmOptions);
        run.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-jar", "quarkus-run.jar"));
        Path workerLog = scratch.resolve("worker.log");
        ProcessBuilder builder = new ProcessBuilder(run).directory(WORKER_APP.toFile()).redirectErrorStream(true).redirectOutput(workerLog.toFile());
        builder.environment().put("EXTRACTOR_REDIS_URL", "redis://127.0.0.1:" + nowhere); // starts anyway, and claims nothing
        builder.environment().put("EXTRACTOR_REDIS_PREFIX", "images-test-" + ProcessHandle.current().pid());
        Process worker = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Files.readString(workerLog).contains("started in") && worker.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(workerLog)).as("the worker's log").contains("started in").doesNotContain("[error]");
        } finally {
            assertThat(Cluster.terminate(worker, Duration.ofSeconds(30))).as("exit code on SIGTERM; log:\n%s", Files.readString(workerLog))
                    .isZero();
        }
    }

    private static String argumentAfter(List<String> words, String flag) {
        int at = words.indexOf(flag);
        assertThat(at).as("%s in %s", flag, words).isNotNegative().isLessThan(words.size() - 1);
        return words.get(at + 1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The USER a stage runs as, following FROM to an earlier stage when it sets none. */
    private static String effectiveUser(Dockerfile file, Dockerfile.Stage stage) {
        return stage.last("USER").map(Dockerfile.Instruction::arguments).map(String::strip)
                .orElseGet(() -> file.stage(stage.from()).map(base -> effectiveUser(file, base)).orElse("root"));
    }

    /** A COPY source relative to the context: a path, or a glob in its last segment. */
    private static List<Path> expand(String source) throws IOException {
        String clean = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        Path path = ROOT.resolve(clean);
        String name = path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        assertThat(path.getParent().toString()).as("globs only in the last segment: %s", source).doesNotContain("*", "?");
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(path.getParent(), name)) {
            entries.forEach(found::add);
        }
        return found;
    }

    /** Every regular file at or under a path, relative to the context, with '/'. */
    private static List<String> filesUnder(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).map(f -> ROOT.relativize(f).toString().replace('\\', '/')).toList();
        }
    }
}
