package io.extractor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/**
 * What KEDA, the HPA, the ReplicaSet and the kubelet do to the workers of {@code k8s/base/worker-scaling.yaml},
 * played on a {@link Cluster}'s real worker processes:
 * <ul>
 * <li>KEDA: every polling interval, each redis trigger's key counted as KEDA's scaler counts it (LLEN of a list,
 * ZCARD of a sorted set, SCARD of a set, 0 otherwise); the {@code scalingModifiers} formula (a sum of trigger
 * names) gives the metric; active while metric &gt; activationTarget; from zero workers an active metric starts
 * them; inactive for the cooldown period: zero workers.</li>
 * <li>HPA: desired = ceil(metric / target) (AverageValue) within max(min, 1) and max, unchanged within the HPA's
 * 10 % tolerance; a scale-up at once (the default scale-up window is 0 and its policies allow 4 pods or 100 % per
 * 15 s, more than this test's maximum); a scale-down to the highest recommendation of the stabilization window.</li>
 * <li>ReplicaSet, adversarially: the victims of a scale-down are the workers holding leases first (the ones that
 * have read the fewest rows of their task, so the most work is at stake), then the newest. A real ReplicaSet prefers
 * newer pods and knows nothing of leases; this is the worst it could do.</li>
 * <li>kubelet: SIGTERM, then SIGKILL once the termination grace is over. A stopping worker no longer counts as a
 * replica, as a terminating pod does not.</li>
 * </ul>
 * Not modelled: pod scheduling, readiness, KEDA's fallback and the HPA's scale-up rate limits beyond the above.
 */
final class QueueScaler implements AutoCloseable {
    /** HPA's default {@code --horizontal-pod-autoscaler-tolerance}. */
    private static final double TOLERANCE = 0.1;

    /**
     * The ScaledObject's numbers, with its times shortened for a test.
     *
     * @param keys    trigger name to the Redis key it counts, with the cluster's prefix
     * @param formula the trigger names the scalingModifiers formula adds up
     */
    record Policy(Map<String, String> keys, List<String> formula, int target, int activationTarget, int min, int max,
                  Duration polling, Duration cooldown, Duration stabilization, Duration terminationGrace, String source) {
        Policy {
            Objects.requireNonNull(keys, "keys");
            if (!keys.keySet().containsAll(formula)) {
                throw new IllegalArgumentException("formula " + formula + " names a trigger not in " + keys.keySet());
            }
        }

        /**
         * Reads the (first) ScaledObject of a manifest: its triggers' lists under {@code prefix} in place of the
         * manifest's, its formula, target, activation target and replica bounds ({@code max} capped at
         * {@code maxHere}); the times are the test's.
         */
        static Policy read(Path manifest, String prefix, int maxHere, Duration polling, Duration cooldown, Duration stabilization,
                Duration terminationGrace) {
            JsonNode scaled = null;
            try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(manifest.toFile())) {
                while (documents.hasNext() && scaled == null) {
                    JsonNode document = documents.next();
                    if (document.path("kind").asText().equals("ScaledObject")) {
                        scaled = document;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Objects.requireNonNull(scaled, () -> "no ScaledObject in " + manifest);
            JsonNode spec = scaled.path("spec");
            Map<String, String> keys = new LinkedHashMap<>();
            for (JsonNode trigger : spec.path("triggers")) {
                if (!trigger.path("type").asText().equals("redis")) {
                    throw new IllegalArgumentException("trigger " + trigger.path("name") + " is not a redis trigger");
                }
                // <manifest's prefix>:<key> -> <cluster's prefix>:<key>
                String list = trigger.at("/metadata/listName").asText();
                keys.put(trigger.path("name").asText(), prefix + list.substring(list.indexOf(':')));
            }
            JsonNode modifiers = spec.at("/advanced/scalingModifiers");
            List<String> formula = new ArrayList<>();
            for (String term : modifiers.path("formula").asText().split("\\+")) {
                if (!term.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("this scaler adds up trigger names only, not " + modifiers.path("formula"));
                }
                formula.add(term.strip());
            }
            if (!modifiers.path("metricType").asText("AverageValue").equals("AverageValue")) {
                throw new IllegalArgumentException("this scaler knows AverageValue only");
            }
            int max = Math.min(spec.path("maxReplicaCount").asInt(100), maxHere);
            String source = String.format(Locale.ROOT,
                    "%s: formula %s, target %s, activationTarget %s, min %d, max %d (capped to %d here), pollingInterval %ds, cooldownPeriod %ds,"
                            + " scaleDown stabilizationWindowSeconds %ds",
                    manifest.getFileName(), modifiers.path("formula").asText(), modifiers.path("target").asText(),
                    modifiers.path("activationTarget").asText("0"), spec.path("minReplicaCount").asInt(0), spec.path("maxReplicaCount").asInt(100),
                    max, spec.path("pollingInterval").asInt(30), spec.path("cooldownPeriod").asInt(300),
                    spec.at("/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/stabilizationWindowSeconds").asInt(300));
            return new Policy(keys, formula, Integer.parseInt(modifiers.path("target").asText()),
                    Integer.parseInt(modifiers.path("activationTarget").asText("0")), spec.path("minReplicaCount").asInt(0), max,
                    polling, cooldown, stabilization, terminationGrace, source);
        }
    }

    /** A worker stopped by a scale-down; {@code task} is the one it held a lease on when told to stop, or null. */
    record Stop(String worker, Process process, String task, long rowsRead, long atMillis, CompletableFuture<Integer> exit) {
        boolean busy() {
            return task != null;
        }
    }

    private record Recommendation(long atMillis, int replicas) {
    }

    private final Cluster cluster;
    private final Policy policy;
    private final Path timelineFile;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "queue-scaler"));
    private final RedisClient redis;
    /** Stops the victims, each on a thread of its own, as kubelets of different nodes would. */
    private final ExecutorService kubelet = Executors.newVirtualThreadPerTaskExecutor();
    /** The replicas: started, not told to stop, newest last. */
    private final List<Process> workers = new ArrayList<>();
    private final List<Stop> stops = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Deque<Recommendation> recommendations = new ArrayDeque<>();
    private long lastActiveMillis = -1;
    private int startedWorkers;
    private int peak;
    private int unexpectedExits;

    private QueueScaler(Cluster cluster, Policy policy) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.timelineFile = cluster.logs.resolve("scaling-timeline.log");
        this.redis = cluster.redis();
        write("# " + policy.source());
        write(String.format(Locale.ROOT, "# here: polling %d ms, cooldown %d ms, stabilization %d ms, termination grace %d ms, keys %s",
                policy.polling().toMillis(), policy.cooldown().toMillis(), policy.stabilization().toMillis(),
                policy.terminationGrace().toMillis(), policy.keys()));
    }

    /** Starts polling at once, with no worker running. */
    static QueueScaler start(Cluster cluster, Policy policy) {
        QueueScaler scaler = new QueueScaler(cluster, policy);
        scaler.ticker.scheduleWithFixedDelay(scaler::tick, 0, policy.polling().toMillis(), TimeUnit.MILLISECONDS);
        return scaler;
    }

    private synchronized void tick() {
        try {
            long now = millis();
            Map<String, Long> values = new LinkedHashMap<>();
            for (String trigger : policy.formula()) {
                values.put(trigger, count(policy.keys().get(trigger)));
            }
            long metric = values.values().stream().mapToLong(Long::longValue).sum();
            for (Process worker : List.copyOf(workers)) {
                if (!worker.isAlive()) { // the ReplicaSet would replace it; so does the next computation
                    workers.remove(worker);
                    unexpectedExits++;
                    write(String.format(Locale.ROOT, "%7.1fs %s exited by itself with %d", now / 1000.0, cluster.workerId(worker), worker.exitValue()));
                }
            }
            int current = workers.size();
            boolean active = metric > policy.activationTarget();
            if (active) {
                lastActiveMillis = now;
            }
            int desired;
            if (!active && (lastActiveMillis < 0 || now - lastActiveMillis >= policy.cooldown().toMillis())) {
                desired = policy.min(); // KEDA: idle for the cooldown period, or never active
                recommendations.clear();
            } else if (current == 0 && !active) {
                desired = 0;
            } else {
                int floor = Math.max(policy.min(), 1);
                int raw = (int) Math.min(policy.max(), Math.max(floor, (metric + policy.target() - 1) / policy.target()));
                if (current > 0 && Math.abs((double) metric / ((long) policy.target() * current) - 1) <= TOLERANCE) {
                    raw = current;
                }
                recommendations.addLast(new Recommendation(now, raw));
                while (recommendations.peekFirst().atMillis() < now - policy.stabilization().toMillis()) {
                    recommendations.removeFirst();
                }
                int highest = recommendations.stream().mapToInt(Recommendation::replicas).max().orElse(raw);
                desired = raw >= current ? raw : Math.min(current, highest);
            }
            List<String> actions = new ArrayList<>();
            for (int i = current; i < desired; i++) {
                Process worker = cluster.startWorker();
                workers.add(worker);
                startedWorkers++;
                actions.add("start " + cluster.workerId(worker));
            }
            if (desired < current) {
                for (Stop stop : stopVictims(current - desired, now)) {
                    actions.add("SIGTERM " + stop.worker() + (stop.busy() ? " (busy: " + stop.task() + ", " + stop.rowsRead() + " rows read)" : " (idle)"));
                }
            }
            peak = Math.max(peak, workers.size());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7.1fs", now / 1000.0));
            values.forEach((trigger, value) -> line.append(' ').append(trigger).append('=').append(value));
            line.append(String.format(Locale.ROOT, " metric=%d %s desired=%d workers=%d terminating=%d", metric, active ? "active" : "idle",
                    desired, workers.size(), terminating()));
            if (!actions.isEmpty()) {
                line.append(" | ").append(String.join(", ", actions));
            }
            write(line.toString());
        } catch (RuntimeException e) {
            errors.add(e.toString());
            write("error: " + e);
        }
    }

    /** Picks the victims as an adversarial ReplicaSet would, and has them stopped as the kubelet would. */
    private List<Stop> stopVictims(int count, long now) {
        Map<String, String[]> held = new HashMap<>(); // worker id -> task id, rows read
        // the tasks in PROGRESS, RedisKeys.leases: <prefix>:leases
        for (String task : redis.zrange(cluster.prefix + ":leases", 0, -1)) {
            // the task hash, RedisKeys.task: <prefix>:task:<id>, its fields worker and rowsRead
            List<String> fields = redis.hmget(cluster.prefix + ":task:" + task, "worker", "rowsRead");
            if (fields.get(0) != null) {
                held.put(fields.get(0), new String[] {task, fields.get(1) == null ? "0" : fields.get(1)});
            }
        }
        List<Process> ranked = new ArrayList<>(workers);
        ranked.sort(Comparator.<Process>comparingInt(w -> held.containsKey(cluster.workerId(w)) ? 0 : 1)
                .thenComparingLong(w -> held.containsKey(cluster.workerId(w)) ? Long.parseLong(held.get(cluster.workerId(w))[1]) : 0)
                .thenComparing(Comparator.comparingInt(workers::indexOf).reversed()));
        List<Stop> stopped = new ArrayList<>();
        for (Process victim : ranked.subList(0, count)) {
            workers.remove(victim);
            String id = cluster.workerId(victim);
            String[] lease = held.get(id);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cluster.terminate(victim, policy.terminationGrace()), kubelet);
            Stop stop = new Stop(id, victim, lease == null ? null : lease[0], lease == null ? 0 : Long.parseLong(lease[1]), now, exit);
            exit.thenAccept(code -> write(String.format(Locale.ROOT, "%7.1fs %s exited with %d%s", millis() / 1000.0, id, code,
                    code == -1 ? " (SIGKILL after the grace)" : "")));
            stops.add(stop);
            stopped.add(stop);
        }
        return stopped;
    }

    /** A key counted as KEDA's redis scaler counts it: by its type. */
    private long count(String key) {
        return switch (redis.type(key)) {
            case "list" -> redis.llen(key);
            case "zset" -> redis.zcard(key);
            case "set" -> redis.scard(key);
            default -> 0;
        };
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private synchronized void write(String line) {
        timeline.add(line);
        try {
            Files.writeString(timelineFile, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replicas: started and not told to stop. */
    synchronized int workers() {
        return workers.size();
    }

    /** Workers told to stop that have not exited yet. */
    synchronized int terminating() {
        return (int) stops.stream().filter(s -> !s.exit().isDone()).count();
    }

    synchronized List<Stop> stops() {
        return List.copyOf(stops);
    }

    synchronized int startedWorkers() {
        return startedWorkers;
    }

    synchronized int peak() {
        return peak;
    }

    synchronized int unexpectedExits() {
        return unexpectedExits;
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }

    Path timelineFile() {
        return timelineFile;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stop stop : stops()) {
            stop.exit().completeOnTimeout(-1, policy.terminationGrace().toMillis() + 10_000, TimeUnit.MILLISECONDS).join();
        }
        kubelet.shutdown();
        redis.close();
    }
}
