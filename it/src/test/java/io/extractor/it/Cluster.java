package io.extractor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;

/**
 * The packaged coordinator and workers as real processes, configured only through environment variables as a
 * deployment would be, around the local MariaDB, a Redis and an S3Proxy of the test's own.
 */
final class Cluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final S3ProxyServer s3;
    final String bucket = TestServices.unique("bucket");
    final String prefix = TestServices.unique("it");
    final String redisUrl;
    private final Map<String, String> redisEnvironment;
    private final Supplier<RedisClient> redisClient;
    final int httpPort;
    /** The coordinator's management port: probes and metrics. */
    final int managementPort;
    final Path logs;
    private final Map<String, String> workerSettings = new HashMap<>();
    private final Map<String, String> coordinatorSettings = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, Integer> workerManagementPorts = new HashMap<>();
    private final Map<Process, String> workerIds = new HashMap<>();
    private Process coordinator;
    private int workerCount;
    private List<String> workerJvm = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private String sourceUser = TestServices.mysqlUser();
    private String sourcePassword = TestServices.mysqlPassword();

    Cluster(String name, String redisUrl) {
        this(name, redisUrl, Map.of(), () -> RedisClient.create(URI.create(redisUrl)));
    }

    /**
     * @param redisEnvironment further {@code EXTRACTOR_REDIS_*} settings of both apps (user, password, TLS)
     * @param redisClient      the test's own client to that Redis, logged in as the apps are
     */
    Cluster(String name, String redisUrl, Map<String, String> redisEnvironment, Supplier<RedisClient> redisClient) {
        this.name = name;
        this.redisUrl = redisUrl;
        this.redisEnvironment = Map.copyOf(redisEnvironment);
        this.redisClient = redisClient;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.logs = Paths.get(System.getProperty("extractor.logs", "target/it-logs"), name + "-" + prefix);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3 = S3ProxyServer.start();
        s3.createBucket(bucket);
        // short leases so a killed worker costs seconds, not the default 30
        workerSettings.put("EXTRACTOR_WORKER_LEASE", "4s");
        workerSettings.put("EXTRACTOR_WORKER_HEARTBEAT", "1s");
        workerSettings.put("EXTRACTOR_WORKER_RETRY_BACKOFF", "500ms");
        workerSettings.put("EXTRACTOR_WORKER_MAX_RETRY_BACKOFF", "3s");
    }

    Cluster(String name) {
        this(name, TestServices.redisUrl());
    }

    /** Worker settings for workers started from now on. */
    Cluster workerSetting(String variable, String value) {
        workerSettings.put(variable, value);
        return this;
    }

    /** JVM options of workers started from now on (the default is a roomy heap, not the README's fixed one). */
    Cluster workerJvm(String... options) {
        workerJvm = List.of(options);
        return this;
    }

    /** Coordinator settings for the next coordinator started. */
    Cluster coordinatorSetting(String variable, String value) {
        coordinatorSettings.put(variable, value);
        return this;
    }

    /** The source's user and password for processes started from now on (the default is the tests' admin user). */
    Cluster sourceUser(String user, String password) {
        sourceUser = Objects.requireNonNull(user, "user");
        sourcePassword = Objects.requireNonNull(password, "password");
        return this;
    }

    Map<String, String> commonEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("EXTRACTOR_REDIS_URL", redisUrl);
        env.put("EXTRACTOR_REDIS_PREFIX", prefix);
        env.putAll(redisEnvironment);
        env.put("EXTRACTOR_SOURCES_DB_URL", TestServices.mysqlUrl());
        env.put("EXTRACTOR_SOURCES_DB_USER", sourceUser);
        if (!sourcePassword.isEmpty()) {
            env.put("EXTRACTOR_SOURCES_DB_PASSWORD", sourcePassword);
        }
        env.put("EXTRACTOR_SINKS_S3_ENDPOINT", s3.endpoint());
        env.put("EXTRACTOR_SINKS_S3_BUCKET", bucket);
        env.put("EXTRACTOR_SINKS_S3_PREFIX", "out");
        env.put("EXTRACTOR_SINKS_S3_PATH_STYLE", "true");
        env.put("EXTRACTOR_SINKS_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("EXTRACTOR_SINKS_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        return env;
    }

    void startCoordinator() {
        Map<String, String> env = commonEnvironment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // every process of the cluster on its own management port: the default 9000 would collide
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        // open, on this machine's loopback address only (the coordinator refuses the open mode anywhere else)
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("EXTRACTOR_AUTH_MODE", "none");
        env.put("EXTRACTOR_COORDINATOR_REAP_INTERVAL", "1s");
        env.putAll(coordinatorSettings);
        coordinator = start("coordinator", System.getProperty("extractor.coordinator.jar"), env, List.of("-Xmx256m", "-XX:+UseSerialGC"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!coordinator.isAlive()) {
                throw new IllegalStateException("coordinator exited with " + coordinator.exitValue() + "; see " + logs);
            }
            try {
                // 401: it answers, and wants a login (a cluster started with extractor.auth.mode=builtin)
                int status = http.send(request("api/jobs?limit=1").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("coordinator did not answer within 90 s; see " + logs);
    }

    /** SIGKILL the coordinator: no shutdown hook runs, its leader lease is left to expire. */
    void killCoordinator() {
        kill(coordinator);
    }

    void stopCoordinator() {
        if (coordinator != null) {
            terminate(coordinator, Duration.ofSeconds(20));
        }
    }

    Process startWorker() {
        Map<String, String> env = commonEnvironment();
        env.putAll(workerSettings);
        String id = "worker-" + (++workerCount);
        env.put("EXTRACTOR_WORKER_ID", id);
        int management = freePort();
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        Process worker = start(id, System.getProperty("extractor.worker.jar"), env, workerJvm);
        workerManagementPorts.put(worker, management);
        workerIds.put(worker, id);
        return worker;
    }

    /** A worker's {@code EXTRACTOR_WORKER_ID}: what its leases name in the task hash's {@code worker} field. */
    String workerId(Process worker) {
        return Objects.requireNonNull(workerIds.get(worker), "not a worker of this cluster");
    }

    /** A worker's management port: its probes and metrics. */
    int managementPort(Process worker) {
        return Objects.requireNonNull(workerManagementPorts.get(worker), "not a worker of this cluster");
    }

    long coordinatorPid() {
        return coordinator.pid();
    }

    private Process start(String process, String jar, Map<String, String> env, List<String> jvm) {
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no packaged app at " + jar + "; run the tests through Maven (bin/test) so the apps are built first");
        }
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(process + ".log").toFile()));
        builder.environment().putAll(env);
        try {
            Process started = builder.start();
            processes.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as the OOM killer or a node failure would. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as Kubernetes sends; returns the exit code. */
    static int terminate(Process process, Duration patience) {
        process.destroy();
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode submit(Object spec) {
        return send(request("api/jobs").header("Content-Type", "application/json").POST(body(spec)).build(), 201);
    }

    /** Any GET, answered whatever its status; an exception only when the coordinator cannot be reached. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(String path, int expected) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), expected);
    }

    JsonNode job(String id) {
        return send(request("api/jobs/" + id).GET().build(), 200);
    }

    /** Every task of the job, a page at a time as the API serves them. */
    JsonNode tasks(String id) {
        com.fasterxml.jackson.databind.node.ArrayNode all = JSON.createArrayNode();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = send(request("api/jobs/" + id + "/tasks?limit=1000&offset=" + offset).GET().build(), 200);
            page.forEach(all::add);
            if (page.size() < 1000) {
                return all;
            }
        }
    }

    /** Waits until a task of the job matches {@code wanted} and returns it; {@code what} names it in the failure. */
    JsonNode awaitTask(String id, Duration timeout, String what, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode task : tasks(id)) {
                if (wanted.test(task)) {
                    return task;
                }
            }
            sleep(100);
        }
        throw new AssertionError("no task of " + id + " " + what + " within " + timeout.toSeconds() + " s; logs in " + logs);
    }

    /** Waits until the job is SUCCEEDED, FAILED or CANCELLED. */
    JsonNode await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            try {
                job = job(id);
                String state = job.path("state").asText();
                if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                    return job;
                }
            } catch (IllegalStateException coordinatorDown) {
                // tests restart the coordinator; keep asking
            }
            sleep(250);
        }
        throw new AssertionError("job " + id + " did not finish within " + timeout + "; last seen " + job + "; logs in " + logs);
    }

    RedisClient redis() {
        return redisClient.get();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + path)).timeout(Duration.ofSeconds(30));
    }

    private JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("coordinator unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(value instanceof String s ? s : JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        s3.close();
        try (RedisClient redis = redis()) {
            TestServices.deleteKeys(redis, prefix);
        } catch (RuntimeException ignored) {
            // a test-owned Redis may be gone already
        }
    }
}
