package io.extractor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command line: submit and watch jobs, build a demo table, run the demo. Progress goes to standard output,
 * one line per change, and every command ends with a summary; the exit code is 0 only for a job that succeeded.
 */
public final class Main {
    private static final String USAGE = """
            usage: extractor-cli <command> [options]

              submit <spec.json|->      submit a job spec and follow it to the end (--no-wait to return at once)
              watch <job-id>            follow a job to the end
              demo-table                create the demo orders table (--table, --rows, --shape demo|orders)
              demo                      create the demo table, extract it, compare row counts, print a summary

            options:
              --coordinator URL         coordinator base URL (env EXTRACTOR_COORDINATOR, default http://127.0.0.1:8080)
              --user NAME               log in as this built-in user (env EXTRACTOR_USER); the password comes from env
                                        EXTRACTOR_PASSWORD, never from the command line, where other users of the machine see it
              --token TOKEN             send this bearer token (env EXTRACTOR_TOKEN, better: the command line is visible to
                                        others on the machine): a built-in user's static token or an OIDC access token
              --mysql-url URL           for demo and demo-table (env DEMO_MYSQL_URL, default jdbc:mysql://127.0.0.1:3306/test)
              --mysql-user USER         (env DEMO_MYSQL_USER, default root)
              --mysql-password PASS     (env DEMO_MYSQL_PASSWORD, default empty)
              --table NAME              demo table (default demo_orders)
              --rows N                  demo table rows (default 1000000)
              --source NAME, --sink NAME  names configured on the coordinator for the demo (default demo, demo)
              --target-rows N           rows per task for the demo job (default: the coordinator's, 500000)
              --chunk-size N            ids per task for the demo job instead (uniform ranges)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (CliException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            code = 2;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options = new HashMap<>();
        String argument = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                if (name.equals("no-wait")) {
                    options.put(name, "true");
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new CliException("option --" + name + " needs a value");
                }
            } else if (argument == null) {
                argument = args[i];
            } else {
                throw new CliException("unexpected argument " + args[i] + "\n" + USAGE);
            }
        }
        CoordinatorClient coordinator = new CoordinatorClient(option(options, "coordinator", "EXTRACTOR_COORDINATOR", "http://127.0.0.1:8080"),
                authorization(options));
        return switch (args[0]) {
            case "submit" -> submit(coordinator, require(argument, "submit needs a spec file, or - for standard input"), options, out);
            case "watch" -> summarize(coordinator, new JobWatcher(coordinator, out, Duration.ofSeconds(2))
                    .await(require(argument, "watch needs a job id")), out);
            case "demo-table" -> {
                try (Connection connection = mysql(options)) {
                    DemoTable.ensure(connection, options.getOrDefault("table", "demo_orders"), rows(options), shape(options), out);
                }
                yield 0;
            }
            case "demo" -> demo(coordinator, options, out);
            default -> throw new CliException("unknown command " + args[0] + "\n" + USAGE);
        };
    }

    /** The credentials to send: a token, or a user with the password from the environment; refused when both are given. */
    private static String authorization(Map<String, String> options) throws CliException {
        String user = option(options, "user", "EXTRACTOR_USER", null);
        String token = option(options, "token", "EXTRACTOR_TOKEN", null);
        if (token != null && user != null) {
            throw new CliException("give either a user (--user / EXTRACTOR_USER) or a token (--token / EXTRACTOR_TOKEN), not both");
        }
        if (token != null) {
            if (token.isBlank()) {
                throw new CliException("the token (--token / EXTRACTOR_TOKEN) is empty");
            }
            return CoordinatorClient.bearer(token);
        }
        return user == null ? null : CoordinatorClient.basic(user, System.getenv("EXTRACTOR_PASSWORD"));
    }

    private static int submit(CoordinatorClient coordinator, String file, Map<String, String> options, PrintStream out) throws Exception {
        String spec = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        JsonNode job = coordinator.submit(spec);
        out.println("submitted job " + job.path("id").asText() + ": " + job.path("tasks").path("total").asLong() + " tasks");
        if (options.containsKey("no-wait")) {
            return 0;
        }
        return summarize(coordinator, new JobWatcher(coordinator, out, Duration.ofSeconds(2)).await(job.path("id").asText()), out);
    }

    private static int summarize(CoordinatorClient coordinator, JsonNode job, PrintStream out) throws IOException, InterruptedException {
        out.println();
        out.println("job " + job.path("id").asText() + " " + job.path("state").asText());
        row(out, "rows written", String.format(Locale.ROOT, "%,d", job.path("rowsWritten").asLong()));
        row(out, "parts", Long.toString(parts(coordinator, job.path("id").asText())));
        row(out, "bytes", String.format(Locale.ROOT, "%,d", job.path("bytesWritten").asLong()));
        row(out, "seconds", String.format(Locale.ROOT, "%.1f", job.path("elapsedSeconds").asDouble()));
        row(out, "rows/s", String.format(Locale.ROOT, "%,.0f", job.path("rowsPerSecond").asDouble()));
        for (JsonNode table : job.path("tables")) {
            row(out, "output", table.path("table").asText() + " -> " + table.path("location").asText());
        }
        if (!job.path("error").isNull() && !job.path("error").asText().isEmpty()) {
            row(out, "error", job.path("error").asText());
        }
        return job.path("state").asText().equals("SUCCEEDED") ? 0 : 1;
    }

    private static int demo(CoordinatorClient coordinator, Map<String, String> options, PrintStream out) throws Exception {
        String table = options.getOrDefault("table", "demo_orders");
        long rows = rows(options);
        out.println("1/3 demo table");
        long sourceRows;
        try (Connection connection = mysql(options)) {
            sourceRows = DemoTable.ensure(connection, table, rows, shape(options), out);
        }
        out.println("2/3 submit a job to " + coordinator.base());
        ObjectNode spec = JSON.createObjectNode()
                .put("source", options.getOrDefault("source", "demo"))
                .put("sink", options.getOrDefault("sink", "demo"));
        ArrayNode tables = spec.putArray("tables");
        ObjectNode tableSpec = tables.addObject().put("table", table);
        if (options.containsKey("chunk-size")) {
            tableSpec.put("chunkSize", Long.parseLong(options.get("chunk-size")));
        } else if (options.containsKey("target-rows")) {
            tableSpec.put("targetRows", Long.parseLong(options.get("target-rows")));
        } // else the default spec: tasks of the coordinator's extractor.plan.target-rows
        JsonNode submitted = coordinator.submit(JSON.writeValueAsString(spec));
        String id = submitted.path("id").asText();
        JsonNode planned = submitted.path("tables").path(0);
        out.println("  job " + id + ": " + submitted.path("tasks").path("total").asLong() + " tasks, "
                + (planned.path("chunkSize").isNull() ? "about " + planned.path("targetRows").asLong() + " rows each (planned by "
                + planned.path("estimates").asLong() + " row estimates)" : planned.path("chunkSize").asText() + " ids each"));
        out.println("3/3 extract");
        JsonNode job = new JobWatcher(coordinator, out, Duration.ofSeconds(1)).await(id);
        long written = job.path("rowsWritten").asLong();

        out.println();
        out.println("== demo summary ==");
        row(out, "source rows", String.format(Locale.ROOT, "%,d (%s)", sourceRows, table));
        row(out, "rows written", String.format(Locale.ROOT, "%,d", written));
        row(out, "parts", Long.toString(parts(coordinator, id)));
        row(out, "seconds", String.format(Locale.ROOT, "%.1f", job.path("elapsedSeconds").asDouble()));
        row(out, "rows/s", String.format(Locale.ROOT, "%,.0f", job.path("rowsPerSecond").asDouble()));
        row(out, "output", job.path("tables").path(0).path("location").asText());
        row(out, "status page", coordinator.base().toString());
        row(out, "job", job.path("state").asText() + (job.path("error").asText("").isEmpty() || job.path("error").isNull()
                ? "" : ": " + job.path("error").asText()));
        boolean ok = job.path("state").asText().equals("SUCCEEDED") && written == sourceRows;
        row(out, "result", ok ? "OK: rows written equal source rows" : "MISMATCH: " + written + " rows written, source has " + sourceRows);
        return ok ? 0 : 1;
    }

    private static long parts(CoordinatorClient coordinator, String id) throws IOException, InterruptedException {
        long parts = 0;
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = coordinator.tasks(id, "SUCCESS", offset, 1000);
            for (JsonNode task : page) {
                if (!task.path("part").isNull() && !task.path("part").asText().isEmpty()) {
                    parts++;
                }
            }
            if (page.size() < 1000) {
                return parts;
            }
        }
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("%-14s %s%n", name, value);
    }

    private static Connection mysql(Map<String, String> options) throws Exception {
        String url = option(options, "mysql-url", "DEMO_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
        String user = option(options, "mysql-user", "DEMO_MYSQL_USER", "root");
        String password = option(options, "mysql-password", "DEMO_MYSQL_PASSWORD", "");
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "characterEncoding=UTF-8", user, password);
    }

    private static long rows(Map<String, String> options) {
        long rows = Long.parseLong(options.getOrDefault("rows", "1000000"));
        if (rows < 1 || rows > 1_000_000_000L) {
            throw new CliException("--rows must be between 1 and 1000000000");
        }
        return rows;
    }

    private static DemoTable.Shape shape(Map<String, String> options) {
        return DemoTable.Shape.valueOf(options.getOrDefault("shape", "demo").toUpperCase(Locale.ROOT));
    }

    private static String option(Map<String, String> options, String name, String env, String fallback) {
        String value = options.get(name);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null || value.isEmpty() && !name.equals("mysql-password") ? fallback : value;
    }

    private static String require(String value, String message) {
        if (value == null) {
            throw new CliException(message);
        }
        return value;
    }
}
