package io.extractor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs, side by side in one run on one machine: (a) the MySQL client streaming the table to /dev/null, (b) this
 * system end to end, (c) Spark's JDBC source writing Parquet; then the worker's peak memory for tasks of growing
 * size. Prints a table and writes bench/RESULTS.md. On request ({@code --parts smalltasks}) it also checks that a
 * worker's memory stays flat over thousands of small tasks, and ({@code --parts skew}) how tasks planned by rows and
 * work stealing fare on a skewed table ({@link Skew}). See bench/run for the settings.
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The worker JVM the README recommends for one slot: a fixed heap, touched up front, so memory cannot creep; C2
     * compilations capped at 32 MiB of scratch memory and freed malloc memory handed back, so neither can native memory.
     */
    static final String WORKER_JVM = "-Xms96m -Xmx96m -XX:+AlwaysPreTouch -XX:+UseSerialGC -Xss512k"
            + " -XX:TrimNativeHeapInterval=5000 -XX:CompileCommand=quiet -XX:CompileCommand=MemLimit,*.*,32m";
    /** The coordinator is not on the data path: C1 only and a small heap keep it out of the workers' way. */
    static final String COORDINATOR_JVM = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final Path root;
    private final Path work;
    private final String table;
    private final long rows;
    private final String mysqlUrl;
    private final String javaBin;
    private final String sparkJava;
    private final List<String> workerJvm;
    private final Map<String, String> workerEnv;
    private final List<Integer> sparkPartitions;
    private final List<Long> taskSizes;
    private final int smallTasks;
    private final String redisPrefix;
    private final List<String> codecs;
    private final List<String> parts;
    private final Processes processes;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> report = new ArrayList<>();
    private static final String API_TITLE = "## API under load";
    private String apiSection;
    private final String skewTable;
    private String skewSection;

    private Bench(Map<String, String> options) throws IOException {
        root = Paths.get(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        work = root.resolve("bench/work");
        table = options.getOrDefault("table", "bench_orders");
        rows = Long.parseLong(options.getOrDefault("rows", "10000000"));
        mysqlUrl = options.getOrDefault("mysql-url", "jdbc:mysql://127.0.0.1:3306/test");
        javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        sparkJava = options.getOrDefault("spark-java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        workerJvm = List.of(options.getOrDefault("worker-jvm", WORKER_JVM).split(" "));
        workerEnv = new HashMap<>();
        for (String pair : options.getOrDefault("worker-env", "").split(",")) {
            if (pair.contains("=")) {
                workerEnv.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        sparkPartitions = Stream.of(options.getOrDefault("spark-partitions", "8,32").split(",")).map(Integer::parseInt).toList();
        taskSizes = Stream.of(options.getOrDefault("task-sizes", "100000,1000000,5000000").split(",")).map(Long::parseLong).toList();
        smallTasks = Integer.parseInt(options.getOrDefault("small-tasks", "5000"));
        redisPrefix = options.getOrDefault("redis-prefix", "extractor-bench");
        codecs = Stream.of(options.getOrDefault("codecs", "snappy,none").split(",")).filter(c -> !c.isBlank()).toList();
        parts = List.of(options.getOrDefault("parts", "raw,system,codecs,spark,tasks,api").split(","));
        skewTable = options.getOrDefault("skew-table", "bench_skew");
        Files.createDirectories(work);
        processes = new Processes(work.resolve("logs"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Bench bench = new Bench(options);
        try {
            // --root is bench/run's own argument; what a reader re-types is the rest
            bench.run(String.join(" ", args).replaceFirst("^--root \\S+ ?", ""));
        } finally {
            bench.processes.close();
        }
    }

    private record Run(String name, double seconds, long rows, Map<String, Double> peakMb, Map<String, Double> cpu, String note) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double peakTotal() {
            return peakMb.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private void run(String arguments) throws Exception {
        long sourceRows = 0;
        double sourceMb = 0;
        String[] bounds = null;
        if (parts.stream().anyMatch(p -> !p.equals("skew"))) { // the skew part brings its own table
            say("== data");
            ensureTable(table, rows, "orders");
            try (Connection c = DriverManager.getConnection(mysqlUrl, "root", ""); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM `" + table + "`")) {
                    rs.next();
                    sourceRows = rs.getLong(1);
                    bounds = new String[] {rs.getString(2), rs.getString(3)};
                }
                s.execute("ANALYZE TABLE `" + table + "`"); // fresh statistics, so DATA_LENGTH is the table's size
                try (ResultSet rs = s.executeQuery("SELECT DATA_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'")) {
                    rs.next();
                    sourceMb = rs.getLong(1) / 1048576.0;
                }
            }
            say(String.format(Locale.ROOT, "  %s: %,d rows, ids %s..%s, %.0f MiB of InnoDB data", table, sourceRows, bounds[0], bounds[1], sourceMb));
        }

        List<Run> runs = new ArrayList<>();
        if (parts.contains("raw")) {
            say("== (a) raw client read: mariadb --quick, SELECT * to /dev/null");
            runs.add(raw(table, sourceRows));
        }
        if (parts.contains("system")) {
            say("== (b) this system: coordinator + 2 workers + S3Proxy, submit to SUCCEEDED");
            runs.add(system(sourceRows, "zstd"));
        }
        if (parts.contains("codecs")) {
            // the same run with the other codecs, so the README's choice of default can be checked
            for (String codec : codecs) {
                say("== (b) again, Parquet compressed with " + codec);
                runs.add(system(sourceRows, codec));
            }
        }
        List<Run> sparks = new ArrayList<>();
        if (parts.contains("spark")) {
            for (int partitions : sparkPartitions) {
                say("== (c) Spark JDBC -> Parquet, local mode, " + partitions + " partitions");
                Run spark = spark(partitions, bounds, sourceRows);
                sparks.add(spark);
                runs.add(spark);
            }
        }
        Map<Long, Double> byTask = new LinkedHashMap<>();
        if (parts.contains("tasks")) {
            say("== worker peak RSS by task size (one worker, one slot, fresh process per size)");
            for (long size : taskSizes) {
                byTask.put(size, taskRss(size));
                say(String.format(Locale.ROOT, "  task of %,d rows: worker peak RSS %.0f MiB", size, byTask.get(size)));
            }
        }
        if (parts.contains("api")) {
            say("== the API under load: a job of 100,000 tasks read by 8 clients at once");
            apiSection = apiLoad(arguments);
            if (!parts.containsAll(List.of("raw", "system", "spark", "tasks"))) {
                splice(API_TITLE, apiSection);
            }
        }
        if (parts.contains("smalltasks")) {
            say("== worker RSS after many small tasks vs after one large task (one worker, one slot, a fresh process each)");
            smallTasks();
        }
        if (parts.contains("skew")) {
            say("== skewed table: raw read, then the system with uniform ranges, and by rows without and with work stealing");
            skewSection = skew(arguments);
            if (!parts.containsAll(List.of("raw", "system", "spark", "tasks"))) {
                splice(Skew.TITLE, skewSection);
            }
        }
        if (!parts.containsAll(List.of("raw", "system", "spark", "tasks"))) {
            say("(partial run: " + parts + "; RESULTS.md is written only by a full run, except the api and skew parts' own sections)");
            return;
        }
        write(arguments, runs, sourceRows, sourceMb, sparks, byTask);
    }

    private void ensureTable(String name, long count, String shape) throws Exception {
        String log = "demo-table-" + name;
        Process p = processes.start(log, List.of(javaBin, "-jar", root.resolve("cli/target/extractor-cli.jar").toString(), "demo-table",
                "--table", name, "--rows", Long.toString(count), "--shape", shape, "--mysql-url", mysqlUrl), Map.of());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("creating the table failed; see " + processes.log(log));
        }
        List<String> lines = Files.readAllLines(processes.log(log));
        say("  " + lines.get(lines.size() - 1).strip());
    }

    /** The MySQL client streaming {@code name} to /dev/null: what reading the table costs at the least. */
    private Run raw(String name, long sourceRows) throws Exception {
        String host = mysqlUrl.replaceAll("jdbc:mysql://([^:/]+).*", "$1");
        String port = mysqlUrl.matches("jdbc:mysql://[^:/]+:(\\d+).*") ? mysqlUrl.replaceAll("jdbc:mysql://[^:/]+:(\\d+).*", "$1") : "3306";
        String database = mysqlUrl.replaceAll("jdbc:mysql://[^/]+/([^?]+).*", "$1");
        long start = System.nanoTime();
        Process p = new ProcessBuilder("mariadb", "--quick", "-uroot", "-h" + host, "-P" + port, database, "-e", "SELECT * FROM `" + name + "`")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CpuMeter cpu = new CpuMeter().add("mariadbd", Processes.pidOf("mariadbd")).add("client", p.pid()).start();
        processes.track(p);
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("mariadb client exited with " + code);
        }
        Run run = new Run("(a) mariadb --quick > /dev/null", seconds, sourceRows, Map.of("client", processes.peakMb(p)), cpu.stop(), "");
        say(line(run));
        return run;
    }

    private Run system(long sourceRows, String codec) throws Exception {
        return system("(b) extractor, 2 workers, " + codec, "", Map.of("table", table, "chunkSize", 250_000), sourceRows, codec, Map.of(), false)
                .run();
    }

    /**
     * One run of the system end to end and what the API said of it.
     *
     * @param submitSeconds the submit request's wall time: planning, storing the plan, queueing the tasks
     * @param tasks         every task of the job as the tasks API shows it once the job succeeded; empty unless asked for
     */
    private record SystemRun(Run run, JsonNode job, double submitSeconds, List<JsonNode> tasks) {
    }

    /**
     * Coordinator + 2 workers of one slot + S3Proxy, fresh processes, one job of one table spec, from submit to
     * SUCCEEDED; fails unless the job wrote exactly {@code sourceRows}. Logs are {@code <logPrefix>coordinator.log},
     * {@code <logPrefix>worker-1.log}, ... under bench/work/logs, and the workers' ids are those names.
     */
    private SystemRun system(String label, String logPrefix, Map<String, Object> tableSpec, long sourceRows, String codec,
                             Map<String, String> coordinatorEnv, boolean readTasks) throws Exception {
        return system(label, logPrefix, tableSpec, sourceRows, codec, coordinatorEnv, Map.of(), readTasks);
    }

    private SystemRun system(String label, String logPrefix, Map<String, Object> tableSpec, long sourceRows, String codec,
                             Map<String, String> coordinatorEnv, Map<String, String> workerEnv, boolean readTasks) throws Exception {
        int s3Port = freePort();
        int httpPort = freePort();
        Process s3 = startS3Proxy(logPrefix + "s3proxy", s3Port);
        Map<String, String> env = environment(s3Port);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.putAll(coordinatorEnv);
        Process coordinator = startCoordinator(logPrefix + "coordinator", env);
        List<Process> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Map<String, String> extra = new HashMap<>(workerEnv);
            extra.put("EXTRACTOR_PARQUET_COMPRESSION", codec);
            workers.add(startWorker(logPrefix + "worker-" + i, s3Port, extra));
        }
        awaitHttp(httpPort, coordinator, logPrefix + "coordinator");
        CpuMeter cpu = new CpuMeter().add("mariadbd", Processes.pidOf("mariadbd")).add("worker-1", workers.get(0).pid())
                .add("worker-2", workers.get(1).pid()).add("coordinator", coordinator.pid()).add("s3proxy", s3.pid()).start();
        long start = System.nanoTime();
        JsonNode job = submit(httpPort, Map.of("source", "bench", "sink", "bench", "tables", List.of(tableSpec)));
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        JsonNode done = await(httpPort, job.path("id").asText());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> used = cpu.stop();
        long written = done.path("rowsWritten").asLong();
        if (!"SUCCEEDED".equals(done.path("state").asText()) || written != sourceRows) {
            throw new IllegalStateException("job " + done.path("id").asText() + " ended " + done.path("state").asText() + " with "
                    + written + " of " + sourceRows + " rows: " + done.path("error").asText());
        }
        List<JsonNode> tasks = readTasks ? tasks(httpPort, done.path("id").asText()) : List.of();
        Map<String, Double> peak = new LinkedHashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            peak.put("worker-" + (i + 1), processes.stop(workers.get(i)));
        }
        peak.put("coordinator", processes.stop(coordinator));
        peak.put("s3proxy", processes.stop(s3));
        Run run = new Run(label, seconds, written, peak, used,
                String.format(Locale.ROOT, "%d tasks, %.0f MiB of Parquet", done.path("tasks").path("total").asLong(),
                        done.path("bytesWritten").asLong() / 1048576.0));
        say(line(run));
        return new SystemRun(run, done, submitSeconds, tasks);
    }

    /** Every task of a job, a page of the API's largest (JobResource.MAX_TASKS_PAGE, 1000) at a time. */
    private List<JsonNode> tasks(int port, String id) throws Exception {
        List<JsonNode> tasks = new ArrayList<>();
        long total = Long.MAX_VALUE;
        while (tasks.size() < total) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id
                    + "/tasks?offset=" + tasks.size() + "&limit=1000")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("tasks of job " + id + " at offset " + tasks.size() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            total = Long.parseLong(response.headers().firstValue("X-Total-Count").orElseThrow());
            JsonNode page = JSON.readTree(response.body());
            if (page.isEmpty()) {
                break;
            }
            page.forEach(tasks::add);
        }
        if (tasks.size() != total) {
            throw new IllegalStateException("job " + id + " has " + total + " tasks, the API listed " + tasks.size());
        }
        return tasks;
    }

    /**
     * The skew part: on the skewed table, (a) the raw read, then the system with (b1) uniform ranges of 100,000 ids,
     * (b2) ranges planned by rows with work stealing off, (b3) the same with stealing on (the default), (b4, b5) 8
     * uniform ranges as Spark would cut them, without and with stealing, and (b6, b7) the same with each task's reads
     * throttled, as for a source that also serves live traffic. Returns the RESULTS.md section.
     */
    private String skew(String arguments) throws Exception {
        double tableMb;
        try (Connection c = DriverManager.getConnection(mysqlUrl, "root", "")) {
            long started = System.nanoTime();
            boolean created = Skew.ensure(c, skewTable);
            say(String.format(Locale.ROOT, "  %s: %,d rows, ids 1..%,d (%s)", skewTable, Skew.ROWS, Skew.MAX_ID,
                    created ? String.format(Locale.ROOT, "created and analyzed in %.0f s", (System.nanoTime() - started) / 1e9) : "reused"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATA_LENGTH FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + skewTable + "'")) {
                rs.next();
                tableMb = rs.getLong(1) / 1048576.0;
            }
        }
        say("== (a) raw client read of " + skewTable + ": mariadb --quick, SELECT * to /dev/null");
        Run raw = raw(skewTable, Skew.ROWS);
        record Spec(String label, String logPrefix, Map<String, Object> table, Map<String, String> coordinatorEnv, Map<String, String> workerEnv) {
        }
        Map<String, String> off = Map.of("EXTRACTOR_SPLIT_ENABLED", "false");
        // a source that also serves live traffic: each task reads at most this fast
        Map<String, String> throttled = Map.of("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", Long.toString(Skew.THROTTLE));
        Map<String, Object> wide = Map.of("table", skewTable, "chunkSize", Skew.WIDE_CHUNK);
        List<Spec> specs = List.of(
                new Spec("(b1) chunkSize 100000", "skew-b1-", Map.of("table", skewTable, "chunkSize", 100_000), Map.of(), Map.of()),
                new Spec("(b2) default spec, stealing off", "skew-b2-", Map.of("table", skewTable), off, Map.of()),
                new Spec("(b3) default spec, stealing on", "skew-b3-", Map.of("table", skewTable), Map.of(), Map.of()),
                // what Spark's JDBC source does with 8 partitions: 8 ranges of equal width, the first holding 73% of the rows
                new Spec("(b4) 8 uniform ranges, stealing off", "skew-b4-", wide, off, Map.of()),
                new Spec("(b5) 8 uniform ranges, stealing on", "skew-b5-", wide, Map.of(), Map.of()),
                new Spec("(b6) 8 uniform ranges, reads throttled, stealing off", "skew-b6-", wide, off, throttled),
                new Spec("(b7) 8 uniform ranges, reads throttled, stealing on", "skew-b7-", wide, Map.of(), throttled));
        List<Skew.Result> results = new ArrayList<>();
        for (Spec spec : specs) {
            String label = spec.label();
            String prefix = spec.logPrefix();
            Map<String, String> coordinatorEnv = spec.coordinatorEnv();
            say("== " + label + ": coordinator" + (coordinatorEnv.isEmpty() ? "" : " (" + coordinatorEnv + ")") + " + 2 workers + S3Proxy");
            SystemRun run = system(label, prefix, spec.table(), Skew.ROWS, "zstd", coordinatorEnv, spec.workerEnv(), true);
            Path log = processes.log(prefix + "coordinator");
            long proposals;
            try (Stream<String> lines = Files.lines(log)) {
                proposals = lines.filter(l -> l.contains("proposed a split")).count();
            }
            Skew.Result result = Skew.result(label, root.relativize(log).toString(), run.job(), run.tasks(), run.submitSeconds(), run.run().seconds(),
                    run.run().cpu().values().stream().mapToDouble(Double::doubleValue).sum(), proposals);
            results.add(result);
            say(Skew.line(result, raw.rowsPerSecond()));
            say("  rows per worker: " + Skew.perWorker(run.tasks()));
        }
        String section = Skew.markdown("bench/run" + (arguments.isEmpty() ? "" : " " + arguments),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), Runtime.getRuntime().availableProcessors(),
                skewTable, tableMb, raw.seconds(), raw.cpu().values().stream().mapToDouble(Double::doubleValue).sum(), results,
                root.relativize(work.resolve("logs")).toString());
        System.out.println();
        System.out.println(section);
        return section;
    }

    private double taskRss(long size) throws Exception {
        return oneTask(size).peakMb();
    }

    /** One task of {@code size} rows (and a few empty ones) through one fresh worker. */
    private WorkerRss oneTask(long size) throws Exception {
        // ids 1..9,000,000 are dense, so the first range holds exactly `size` rows; the filter empties the rest
        return workerRss("task-" + size, Map.of("table", table, "chunkSize", size, "where", "id <= " + size), size);
    }

    /**
     * Invariant 9 of the design: a worker's RSS stays flat however many tasks it served. One fresh worker runs a job
     * of {@code --small-tasks} tasks of about 10 rows, another one task of 1,000,000 rows; both are measured the same way.
     * Small tasks exercise what a large one runs once (claim, connection reuse, multipart upload, commit), so
     * anything kept per task, and the JIT's and malloc's share of serving many tasks, shows here.
     */
    private void smallTasks() throws Exception {
        String small = table + "_small_tasks";
        ensureTable(small, smallTasks * 10L, "demo"); // ids nearly dense from 1: chunks of 10 ids hold about 10 rows
        WorkerRss many = workerRss("smalltasks", Map.of("table", small, "chunkSize", 10), smallTasks * 10L);
        say(String.format(Locale.ROOT, "  %,d tasks of about 10 rows (%.1f s): worker peak RSS %.0f MiB, RSS when idle after the job %.0f MiB",
                many.tasks(), many.seconds(), many.peakMb(), many.idleMb()));
        WorkerRss one = oneTask(1_000_000);
        say(String.format(Locale.ROOT, "  one task of 1,000,000 rows (%.1f s): worker peak RSS %.0f MiB, RSS when idle after the job %.0f MiB",
                one.seconds(), one.peakMb(), one.idleMb()));
        say(String.format(Locale.ROOT, "  small tasks / one task: peak %.2f, idle %.2f (target: flat, within 10%%)",
                many.peakMb() / one.peakMb(), many.idleMb() / one.idleMb()));
    }

    /** A worker's memory over one job: the kernel's high-water mark, and the resident set once the job is done. */
    private record WorkerRss(long tasks, double seconds, double peakMb, double idleMb) {
    }

    /** Runs one job of one table spec through one fresh worker (one slot) and measures the worker. */
    private WorkerRss workerRss(String name, Map<String, Object> tableSpec, long expectedRows) throws Exception {
        int s3Port = freePort();
        int httpPort = freePort();
        Process s3 = startS3Proxy("s3proxy-" + name, s3Port);
        Map<String, String> env = environment(s3Port);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Process coordinator = startCoordinator("coordinator-" + name, env);
        Process worker = startWorker("worker-" + name, s3Port, Map.of("EXTRACTOR_WORKER_SLOTS", "1"));
        awaitHttp(httpPort, coordinator, "coordinator-" + name);
        long start = System.nanoTime();
        JsonNode job = submit(httpPort, Map.of("source", "bench", "sink", "bench", "run", name, "tables", List.of(tableSpec)));
        JsonNode done = await(httpPort, job.path("id").asText());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!"SUCCEEDED".equals(done.path("state").asText()) || done.path("rowsWritten").asLong() != expectedRows) {
            throw new IllegalStateException("job " + name + " ended " + done.path("state").asText() + " with " + done.path("rowsWritten").asLong()
                    + " rows, expected " + expectedRows + ": " + done.path("error").asText());
        }
        Thread.sleep(6_000); // idle: what the worker keeps, not what its last task had in flight
        double idle = processes.rssMb(worker);
        double peak = processes.stop(worker);
        processes.stop(coordinator);
        processes.stop(s3);
        return new WorkerRss(done.path("tasks").path("total").asLong(), seconds, peak, idle);
    }

    /** S3Proxy on an emptied folder with the bucket already there: each run starts from an empty sink. */
    private Process startS3Proxy(String name, int port) throws IOException {
        Path data = work.resolve("s3");
        deleteTree(data);
        Files.createDirectories(data.resolve("bench"));
        Path config = work.resolve("s3proxy.properties");
        Files.writeString(config, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=bench", "s3proxy.credential=bench-secret", "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data, ""));
        return processes.start(name, List.of(javaBin, "-Xmx384m", "-jar", root.resolve("testkit/target/s3proxy/s3proxy.jar").toString(),
                "--properties", config.toString()), Map.of());
    }

    private Process startCoordinator(String name, Map<String, String> env) {
        env = new HashMap<>(env);
        // open, on the loopback address only: the benchmark measures extraction, not logins
        env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.putIfAbsent("EXTRACTOR_AUTH_MODE", "none");
        // probes and metrics on a free port: the default 9000 would collide with the workers' (and S3Proxy's)
        env.putIfAbsent("QUARKUS_MANAGEMENT_PORT", "0");
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.addAll(List.of(COORDINATOR_JVM.split(" ")));
        command.add("-jar");
        command.add(root.resolve("coordinator/target/quarkus-app/quarkus-run.jar").toString());
        return processes.start(name, command, env);
    }

    private Process startWorker(String name, int s3Port, Map<String, String> extra) {
        Map<String, String> env = environment(s3Port);
        env.put("EXTRACTOR_WORKER_SLOTS", "1");
        env.putAll(workerEnv);
        env.putAll(extra);
        env.put("EXTRACTOR_WORKER_ID", name);
        env.putIfAbsent("QUARKUS_MANAGEMENT_PORT", "0"); // several workers on one machine: each on a free port
        env.putIfAbsent("MALLOC_ARENA_MAX", "2"); // as the README recommends: glibc's per-thread arenas only add RSS
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.addAll(workerJvm);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-jar");
        command.add(root.resolve("worker/target/quarkus-app/quarkus-run.jar").toString());
        return processes.start(name, command, env);
    }

    private Map<String, String> environment(int s3Port) {
        Map<String, String> env = new HashMap<>();
        env.put("EXTRACTOR_REDIS_PREFIX", redisPrefix);
        env.put("EXTRACTOR_SOURCES_BENCH_URL", mysqlUrl);
        env.put("EXTRACTOR_SOURCES_BENCH_USER", "root");
        env.put("EXTRACTOR_SINKS_BENCH_ENDPOINT", "http://127.0.0.1:" + s3Port);
        env.put("EXTRACTOR_SINKS_BENCH_BUCKET", "bench");
        env.put("EXTRACTOR_SINKS_BENCH_PATH_STYLE", "true");
        env.put("EXTRACTOR_SINKS_BENCH_ACCESS_KEY", "bench");
        env.put("EXTRACTOR_SINKS_BENCH_SECRET_KEY", "bench-secret");
        return env;
    }

    private Run spark(int partitions, String[] bounds, long sourceRows) throws Exception {
        Path out = work.resolve("spark-out");
        deleteTree(out);
        List<String> command = new ArrayList<>(List.of(sparkJava, "-Xmx4g", "-XX:+IgnoreUnrecognizedVMOptions",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true",
                "-cp", System.getProperty("java.class.path"), SparkJob.class.getName(),
                mysqlUrl, table, Integer.toString(partitions), bounds[0], bounds[1], out.toString(), "10000"));
        String name = "spark-" + partitions;
        long start = System.nanoTime();
        Process spark = processes.start(name, command, Map.of());
        CpuMeter cpu = new CpuMeter().add("mariadbd", Processes.pidOf("mariadbd")).add("spark", spark.pid()).start();
        int code = spark.waitFor();
        Map<String, Double> used = cpu.stop();
        double wall = (System.nanoTime() - start) / 1e9;
        double peak = processes.peakMb(spark);
        String result = Files.readAllLines(processes.log(name)).stream().filter(l -> l.startsWith("SPARK_RESULT")).findFirst()
                .orElseThrow(() -> new IllegalStateException("Spark exited with " + code + " and no result; see " + processes.log(name)));
        long written = Long.parseLong(result.replaceAll(".*rows=(\\d+).*", "$1"));
        double seconds = Double.parseDouble(result.replaceAll(".*seconds=([0-9.]+).*", "$1"));
        if (written != sourceRows) {
            throw new IllegalStateException("Spark wrote " + written + " rows, source has " + sourceRows);
        }
        Run run = new Run("(c) Spark JDBC->Parquet, " + partitions + " partitions", seconds, written, Map.of("spark", peak), used,
                String.format(Locale.ROOT, "read+write %.1f s; JVM start and count excluded (process %.1f s)", seconds, wall));
        say(line(run));
        return run;
    }

    private JsonNode submit(int port, Object spec) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode await(int port, String id) throws Exception {
        String last = "";
        while (true) {
            JsonNode job = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String state = job.path("state").asText();
            String progress = String.format(Locale.ROOT, "  %s %d/%d tasks, %,d rows", state, job.path("tasks").path("success").asLong(),
                    job.path("tasks").path("total").asLong(), job.path("rowsWritten").asLong());
            if (!progress.equals(last)) {
                System.out.print("\r" + progress);
                last = progress;
            }
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                System.out.println();
                return job;
            }
            Thread.sleep(500);
        }
    }

    private void awaitHttp(int port, Process coordinator, String log) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!coordinator.isAlive()) {
                throw new IllegalStateException("the coordinator exited; see " + processes.log(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs?limit=1")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the coordinator did not answer");
    }

    /**
     * A job of 100,000 one-row tasks, a few failed by a worker whose source password is wrong, read by 8 clients for
     * 30 s; then cancelled, which fails 100,000 pending tasks and takes them off the queue in one script.
     */
    private String apiLoad(String arguments) throws Exception {
        String api = table + "_api";
        try (Connection c = DriverManager.getConnection(mysqlUrl, "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS `" + api + "`");
            s.execute("CREATE TABLE `" + api + "` (id INT NOT NULL PRIMARY KEY, note VARCHAR(20))");
            s.execute("INSERT INTO `" + api + "` SELECT seq, CONCAT('note ', seq) FROM seq_1_to_100000");
        }
        int s3Port = freePort();
        int httpPort = freePort();
        Process s3 = startS3Proxy("s3proxy-api", s3Port);
        Map<String, String> env = environment(s3Port);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Process coordinator = startCoordinator("coordinator-api", env);
        awaitHttp(httpPort, coordinator, "coordinator-api");
        ApiLoad load = new ApiLoad(httpPort);
        long started = System.nanoTime();
        String id = load.submit(Map.of("source", "bench", "sink", "bench", "tables", List.of(Map.of("table", api, "chunkSize", 1)))).path("id").asText();
        double submitSeconds = (System.nanoTime() - started) / 1e9;
        say(String.format(Locale.ROOT, "  submitted %s in %.1f s", id, submitSeconds));
        // a worker that cannot log in fails tasks at once (access denied is not retried): a few FAILED tasks to find
        Process broken = startWorker("worker-api-denied", s3Port, Map.of("EXTRACTOR_SOURCES_BENCH_PASSWORD", "not-the-password"));
        long failed = 0;
        for (int i = 0; i < 600 && failed < 50; i++) {
            Thread.sleep(100);
            failed = load.job(id).path("tasks").path("failed").asLong();
        }
        processes.stop(broken);
        failed = load.job(id).path("tasks").path("failed").asLong();
        say("  " + failed + " tasks failed by a worker with a wrong password; reading with 8 clients for 30 s");
        List<String> errors = new ArrayList<>();
        Duration duration = Duration.ofSeconds(30);
        Map<String, ApiLoad.Endpoint> endpoints = load.read(id, 8, duration, errors);
        started = System.nanoTime();
        load.cancel(id);
        double cancelSeconds = (System.nanoTime() - started) / 1e9;
        JsonNode done = await(httpPort, id);
        double peak = processes.stop(coordinator);
        processes.stop(s3);
        try (Connection c = DriverManager.getConnection(mysqlUrl, "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS `" + api + "`");
        }
        ApiLoad.Result result = new ApiLoad.Result(done.path("tasks").path("total").asLong(), submitSeconds, cancelSeconds, 8,
                duration.toSeconds(), new ArrayList<>(endpoints.values()), peak, failed, errors);
        String section = ApiLoad.markdown(result, "bench/run" + (arguments.isEmpty() ? "" : " " + arguments));
        System.out.println(section);
        return section;
    }

    /** Puts {@code section} (which starts with {@code title}) into RESULTS.md in place of the old one, or before the notes. */
    private void splice(String title, String section) throws IOException {
        Path results = root.resolve("bench/RESULTS.md");
        String md = Files.exists(results) ? Files.readString(results) : "# Benchmark results\n\n";
        int at = md.indexOf(title);
        if (at >= 0) {
            int next = md.indexOf("\n## ", at + title.length());
            md = md.substring(0, at) + section + (next < 0 ? "" : md.substring(next + 1));
        } else {
            int notes = md.indexOf("\n## Reading these numbers");
            md = notes < 0 ? md + "\n" + section : md.substring(0, notes + 1) + section + "\n" + md.substring(notes + 1);
        }
        Files.writeString(results, md);
    }

    private void write(String arguments, List<Run> runs, long sourceRows, double sourceMb, List<Run> sparks, Map<Long, Double> byTask)
            throws IOException {
        Run raw = runs.get(0);
        Run system = runs.get(1);
        Run bestSpark = sparks.stream().max((x, y) -> Double.compare(x.rowsPerSecond(), y.rowsPerSecond())).orElseThrow();
        double workerPeak = system.peakMb().entrySet().stream().filter(e -> e.getKey().startsWith("worker")).mapToDouble(Map.Entry::getValue).max().orElse(0);
        double minTask = byTask.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double maxTask = byTask.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Produced by `bench/run").append(arguments.isEmpty() ? "" : " " + arguments).append("` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(", on a machine with ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; every run below happened in this one invocation, one after the other.\n\n");
        md.append(String.format(Locale.ROOT, "Data: `%s`, %,d rows (dense ids then a sparse tail), %.0f MiB of InnoDB data; MB/s below is that size over the run's seconds.%n%n",
                table, sourceRows, sourceMb));
        md.append("| run | seconds | rows/s | MB/s | peak RSS (MiB) | CPU seconds | notes |\n|---|---:|---:|---:|---|---|---|\n");
        for (Run run : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %s | %s | %s |%n", run.name(), run.seconds(), run.rowsPerSecond(),
                    sourceMb / run.seconds(), rss(run), cpu(run), run.note()));
        }
        md.append("\n| ratio | value | target |\n|---|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| (b)/(a) throughput | %.2f | at least 0.8 |%n", system.rowsPerSecond() / raw.rowsPerSecond()));
        md.append(String.format(Locale.ROOT, "| (b)/(c) throughput, best Spark (%s) | %.2f | at least 2.5 |%n", bestSpark.name(), system.rowsPerSecond() / bestSpark.rowsPerSecond()));
        md.append(String.format(Locale.ROOT, "| (b) worker peak RSS / (c) Spark peak RSS | %.2f | at most 0.2 |%n", workerPeak / bestSpark.peakTotal()));
        md.append(String.format(Locale.ROOT, "| (b) whole system peak RSS / (c) Spark peak RSS | %.2f | |%n", system.peakTotal() / bestSpark.peakTotal()));
        md.append("\nWorker peak RSS by task size (one worker, one slot, a fresh process each):\n\n| rows in the task | worker peak RSS (MiB) |\n|---:|---:|\n");
        byTask.forEach((size, mb) -> md.append(String.format(Locale.ROOT, "| %,d | %.0f |%n", size, mb)));
        md.append(String.format(Locale.ROOT, "%nLargest / smallest: %.2f (target: flat within 10%%, at most 256 MiB).%n", maxTask / minTask));
        if (apiSection != null) {
            md.append("\n").append(apiSection);
        }
        if (skewSection != null) {
            md.append("\n").append(skewSection);
        }
        Path notes = root.resolve("bench/NOTES.md");
        if (Files.exists(notes)) {
            md.append("\n").append(Files.readString(notes));
        }
        Files.writeString(root.resolve("bench/RESULTS.md"), md.toString());
        System.out.println();
        System.out.println(md);
    }

    private static String rss(Run run) {
        StringBuilder s = new StringBuilder();
        run.peakMb().forEach((name, mb) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(String.format(Locale.ROOT, "%.0f", mb)));
        return s.toString();
    }

    private static String cpu(Run run) {
        StringBuilder s = new StringBuilder();
        run.cpu().forEach((name, seconds) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(String.format(Locale.ROOT, "%.1f", seconds)));
        return s.toString();
    }

    private static String line(Run run) {
        return String.format(Locale.ROOT, "  %.1f s, %,.0f rows/s, peak RSS MiB: %s; CPU s: %s%s", run.seconds(), run.rowsPerSecond(), rss(run), cpu(run),
                run.note().isEmpty() ? "" : "; " + run.note());
    }

    private void say(String text) {
        System.out.println(text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
