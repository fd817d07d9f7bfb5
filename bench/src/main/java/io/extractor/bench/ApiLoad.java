package io.extractor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API under load: a job of 100,000 tasks, a few of them failed and one running, read by several concurrent
 * clients at once for a while, the way dashboards and scripts poll a coordinator. Reports latency per kind of
 * request, errors, and the coordinator's peak memory; the figures go to bench/RESULTS.md, not to a timed test.
 */
final class ApiLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One kind of request and the latencies it got. */
    record Endpoint(String name, String path, List<Long> micros, AtomicLong errors) {
        Endpoint(String name, String path) {
            this(name, path, Collections.synchronizedList(new ArrayList<>()), new AtomicLong());
        }

        long percentile(double p) {
            List<Long> sorted;
            synchronized (micros) {
                sorted = new ArrayList<>(micros);
            }
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }

    /** What a run measured. */
    record Result(long tasks, double submitSeconds, double cancelSeconds, int readers, double seconds, List<Endpoint> endpoints,
                  double coordinatorPeakMb, long failedTasks, List<String> errors) {
        long requests() {
            return endpoints.stream().mapToLong(e -> e.micros().size()).sum();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    ApiLoad(int port) {
        this.port = port;
    }

    /**
     * Reads the job's pages from {@code readers} threads for {@code duration}.
     *
     * @param job a job of many tasks, some FAILED
     */
    Map<String, Endpoint> read(String job, int readers, Duration duration, List<String> errors) throws InterruptedException {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Endpoint e : List.of(
                new Endpoint("job", "api/jobs/" + job),
                new Endpoint("first failed task", "api/jobs/" + job + "/tasks?state=FAILED&limit=1"),
                new Endpoint("page of 100 in the middle", "api/jobs/" + job + "/tasks?offset=50000&limit=100"),
                new Endpoint("page of 100 pending, near the end", "api/jobs/" + job + "/tasks?state=PENDING&offset=90000&limit=100"),
                new Endpoint("page of 1000", "api/jobs/" + job + "/tasks?offset=20000&limit=1000"),
                new Endpoint("jobs list", "api/jobs?limit=50"),
                new Endpoint("status page", ""))) {
            endpoints.put(e.name(), e);
        }
        List<Endpoint> cycle = new ArrayList<>(endpoints.values());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        Map<Thread, Integer> offsets = new ConcurrentHashMap<>();
        for (int r = 0; r < readers; r++) {
            int start = r;
            Thread thread = new Thread(() -> {
                int i = start;
                while (System.nanoTime() < deadline) {
                    Endpoint endpoint = cycle.get(i++ % cycle.size());
                    long began = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + endpoint.path()))
                                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        endpoint.micros().add((System.nanoTime() - began) / 1000);
                        if (response.statusCode() != 200) {
                            endpoint.errors().incrementAndGet();
                            failures.add(endpoint.name() + ": " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        endpoint.errors().incrementAndGet();
                        failures.add(endpoint.name() + ": " + e);
                    }
                }
            }, "api-reader-" + r);
            offsets.put(thread, r);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        failures.stream().limit(10).forEach(errors::add);
        return endpoints;
    }

    /** Submits and returns the job, and the seconds the submit took. */
    JsonNode submit(Map<String, Object> spec) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode job(String id) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    void cancel(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id + "/cancel"))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("cancel answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String markdown(Result result, String command) {
        StringBuilder md = new StringBuilder();
        md.append("## API under load\n\n");
        md.append("Produced by `").append(command).append("`. One coordinator (`").append(Bench.COORDINATOR_JVM)
                .append("`), a job of ").append(String.format(Locale.ROOT, "%,d", result.tasks())).append(" tasks (")
                .append(result.failedTasks()).append(" of them FAILED, the rest PENDING), read by ").append(result.readers())
                .append(" concurrent clients for ").append(String.format(Locale.ROOT, "%.0f", result.seconds())).append(" s, each cycling through")
                .append(" the requests below. Latency is per request, from send to the last byte.\n\n");
        md.append("| request | count | p50 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|\n");
        for (Endpoint e : result.endpoints()) {
            md.append(String.format(Locale.ROOT, "| %s (`GET /%s`) | %,d | %.1f | %.1f | %.1f | %d |%n", e.name(),
                    e.path().replaceAll("api/jobs/[0-9a-f-]+", "api/jobs/{id}"), e.micros().size(),
                    e.percentile(0.5) / 1000.0, e.percentile(0.99) / 1000.0, e.percentile(1.0) / 1000.0, e.errors().get()));
        }
        md.append(String.format(Locale.ROOT, "%nSubmitting the job (planning, storing the plan, creating %,d tasks in Redis) took %.1f s; "
                        + "cancelling it (%,d tasks failed and taken off the queue in one script) %.2f s. Coordinator peak RSS %.0f MiB. "
                        + "Requests in all: %,d, errors: %d.%n",
                result.tasks(), result.submitSeconds(), result.tasks() - result.failedTasks(), result.cancelSeconds(), result.coordinatorPeakMb(),
                result.requests(), result.endpoints().stream().mapToLong(e -> e.errors().get()).sum()));
        if (!result.errors().isEmpty()) {
            md.append("\nFirst errors:\n\n");
            result.errors().forEach(e -> md.append("- ").append(e.replace('\n', ' ')).append('\n'));
        }
        return md.toString();
    }
}
