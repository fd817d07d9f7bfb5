package io.extractor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The skew part: a 10M-row table whose ids are dense for 7M rows and then spread over a 300M-wide tail (the table of
 * PlanningProbe), extracted with uniform ranges, with ranges planned by rows, and with work stealing on top. For each
 * run it reads every task from the API and reports their rows, the planning, the throughput and how long one worker
 * worked alone while the other had nothing to do.
 */
final class Skew {
    static final String TITLE = "## Skewed table: planning by rows and work stealing";
    static final long DENSE = 7_000_000;
    static final long TAIL = 3_000_000;
    static final long STEP = 100;
    static final long ROWS = DENSE + TAIL;
    static final long MAX_ID = DENSE + TAIL * STEP;
    /** Ids per range for 8 uniform ranges over [1, MAX_ID], as Spark's JDBC source cuts 8 partitions. */
    static final long WIDE_CHUNK = (MAX_ID + 7) / 8;
    /** Rows per second one task may read in the throttled runs (extractor.worker.max-rows-per-second). */
    static final long THROTTLE = 500_000;
    /** A worker between two tasks (publishing one, claiming the next) is still at work, not idle. */
    static final long BETWEEN_TASKS_MS = 1_000;

    private Skew() {
    }

    /**
     * Creates the table, in PlanningProbe's shape and with MariaDB's sequence engine, unless it is there with the
     * right rows and id bounds; ANALYZE after creating. Returns whether it was created.
     */
    static boolean ensure(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean present;
            try (ResultSet rs = s.executeQuery("SHOW TABLES LIKE '" + table + "'")) {
                present = rs.next();
            }
            if (present && shaped(s, table)) {
                return false;
            }
            s.execute("DROP TABLE IF EXISTS `" + table + "`");
            s.execute("CREATE TABLE `" + table + "` (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(16) NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL, note VARCHAR(64))");
            s.execute("INSERT INTO `" + table + "` SELECT seq, 'paid', seq % 10000 / 100, CONCAT('dense ', seq) FROM seq_1_to_" + DENSE);
            s.execute("INSERT INTO `" + table + "` SELECT " + DENSE + " + seq * " + STEP + ", 'open', seq % 10000 / 100, CONCAT('tail ', seq)"
                    + " FROM seq_1_to_" + TAIL);
            s.execute("ANALYZE TABLE `" + table + "`");
            if (!shaped(s, table)) {
                throw new IllegalStateException("created " + table + " but it does not hold " + ROWS + " rows with ids 1.." + MAX_ID);
            }
            return true;
        }
    }

    private static boolean shaped(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1) == ROWS && rs.getLong(2) == 1 && rs.getLong(3) == MAX_ID;
        }
    }

    /**
     * One (b) run as the section reports it.
     *
     * @param target        rows a task should hold: the table's targetRows, or for uniform ranges chunkSize read as rows
     * @param plannedShare  planned tasks (no splitFrom) whose committed rows are within ±25% of {@code target}
     * @param rangeShare    planned ranges (a planned task with every task split off it, transitively) within ±25%
     * @param alone         ms of the window during which exactly one worker was busy
     * @param idle          ms of the window during which no worker was busy (between tasks)
     * @param lastStretch   ms from the last moment two workers were busy to the end of the window
     * @param proposals     "proposed a split" lines in the coordinator's log
     */
    record Result(String label, String log, long tasks, long splitOff, long minRows, long medianRows, long maxRows, long target,
                  boolean byRows, int planned, double plannedShare, double rangeShare, double planningSeconds, Integer estimates,
                  double seconds, long rows, double cpuSeconds, long window, long alone, long idle, long lastStretch,
                  long proposals, String lastTask, String longestTask, double firstTaskSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double aloneShare() {
            return window > 0 ? (double) alone / window : 0;
        }
    }

    /**
     * Reads one run's tasks; fails unless every task succeeded and their rows add up to the job's and the table's.
     * {@code tasks} are all the job's tasks from the API.
     */
    static Result result(String label, String log, JsonNode job, List<JsonNode> tasks, double submitSeconds, double seconds,
                         double cpuSeconds, long proposals) {
        String id = job.path("id").asText();
        if (tasks.size() != job.path("tasks").path("total").asLong()) {
            throw new IllegalStateException("job " + id + ": " + tasks.size() + " tasks listed, " + job.path("tasks").path("total") + " in all");
        }
        long sum = 0;
        List<Long> rows = new ArrayList<>();
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode t : tasks) {
            if (!"SUCCESS".equals(t.path("state").asText())) {
                throw new IllegalStateException("job " + id + " SUCCEEDED but its task " + t.path("id").asText() + " is " + t.path("state").asText());
            }
            sum += t.path("rows").asLong();
            rows.add(t.path("rows").asLong());
            byId.put(t.path("id").asText(), t);
        }
        if (sum != job.path("rowsWritten").asLong() || sum != ROWS) {
            throw new IllegalStateException("job " + id + ": its tasks committed " + sum + " rows, the job says " + job.path("rowsWritten").asLong()
                    + ", the table has " + ROWS);
        }
        rows.sort(null);
        JsonNode table = job.path("tables").path(0);
        boolean byRows = !table.path("targetRows").isNull() && !table.path("targetRows").isMissingNode();
        long target = byRows ? table.path("targetRows").asLong() : Long.parseLong(table.path("chunkSize").asText());
        Integer estimates = table.path("estimates").isNumber() ? table.path("estimates").asInt() : null;

        // a planned range's rows: its planned task's (the head, after splits) plus every task split off it, transitively
        Map<String, Long> rangeRows = new HashMap<>();
        long splitOff = 0;
        int planned = 0;
        int plannedIn = 0;
        for (JsonNode t : tasks) {
            String root = t.path("id").asText();
            if (t.hasNonNull("splitFrom")) {
                splitOff++;
            } else {
                planned++;
                plannedIn += within(t.path("rows").asLong(), target) ? 1 : 0;
            }
            for (int hops = 0; byId.get(root).hasNonNull("splitFrom"); hops++) {
                root = byId.get(root).path("splitFrom").asText();
                if (!byId.containsKey(root) || hops > tasks.size()) {
                    throw new IllegalStateException("job " + id + ": task " + t.path("id").asText() + " was split from " + root
                            + ", which the API does not list");
                }
            }
            rangeRows.merge(root, t.path("rows").asLong(), Long::sum);
        }
        long rangesIn = rangeRows.values().stream().filter(r -> within(r, target)).count();

        Busy busy = busy(id, tasks);
        JsonNode last = tasks.stream().max(Comparator.comparing(t -> instant(id, t, "finishedAt"))).orElseThrow();
        JsonNode longest = tasks.stream().max(Comparator.comparingLong(t -> t.path("durationMillis").asLong())).orElseThrow();
        return new Result(label, log, tasks.size(), splitOff, rows.get(0), rows.get(rows.size() / 2), rows.get(rows.size() - 1), target, byRows,
                planned, planned == 0 ? 0 : (double) plannedIn / planned, rangeRows.isEmpty() ? 0 : (double) rangesIn / rangeRows.size(),
                submitSeconds, estimates, seconds, sum, cpuSeconds, busy.window(), busy.alone(), busy.idle(), busy.lastStretch(), proposals,
                describe(last), describe(longest), firstTasks(id, tasks));
    }

    /** The mean duration of each worker's first task: what a cold JVM costs before it reads at full speed. */
    private static double firstTasks(String job, List<JsonNode> tasks) {
        Map<String, JsonNode> first = new HashMap<>();
        for (JsonNode t : tasks) {
            first.merge(t.path("worker").asText(), t, (a, b) -> instant(job, a, "claimedAt").isBefore(instant(job, b, "claimedAt")) ? a : b);
        }
        return first.values().stream().mapToLong(t -> t.path("durationMillis").asLong()).average().orElse(0) / 1000.0;
    }

    private static boolean within(long rows, long target) {
        return rows >= target * 0.75 && rows <= target * 1.25;
    }

    private static String describe(JsonNode t) {
        return String.format(Locale.ROOT, "%s [%s, %s) %,d rows in %.1f s on %s%s", t.path("id").asText(), t.path("lo").asText(), t.path("hi").asText(),
                t.path("rows").asLong(), t.path("durationMillis").asLong() / 1000.0, t.path("worker").asText(),
                t.hasNonNull("splitFrom") ? ", split from " + t.path("splitFrom").asText() : t.path("splits").asInt() > 0 ? ", split " + t.path("splits").asInt() + "x" : "");
    }

    /** Milliseconds of [first claim, last finish] with exactly one, and with no, worker busy; and the last stretch with fewer than two. */
    record Busy(long window, long alone, long idle, long lastStretch) {
    }

    /**
     * From the tasks' [claimedAt, finishedAt] grouped by worker; a worker's own intervals are merged first, across gaps
     * shorter than {@link #BETWEEN_TASKS_MS} (a part is published after its commit, and the next claim follows).
     */
    static Busy busy(String job, List<JsonNode> tasks) {
        Map<String, List<long[]>> byWorker = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (JsonNode t : tasks) {
            long from = instant(job, t, "claimedAt").toEpochMilli();
            long to = instant(job, t, "finishedAt").toEpochMilli();
            byWorker.computeIfAbsent(t.path("worker").asText(), w -> new ArrayList<>()).add(new long[] {from, Math.max(from, to)});
            first = Math.min(first, from);
            end = Math.max(end, to);
        }
        List<long[]> events = new ArrayList<>(); // {time, +1 or -1}
        for (List<long[]> intervals : byWorker.values()) {
            intervals.sort(Comparator.comparingLong(i -> i[0]));
            long[] open = null;
            for (long[] i : intervals) {
                if (open != null && i[0] <= open[1] + BETWEEN_TASKS_MS) {
                    open[1] = Math.max(open[1], i[1]);
                    continue;
                }
                if (open != null) {
                    events.add(new long[] {open[0], 1});
                    events.add(new long[] {open[1], -1});
                }
                open = i.clone();
            }
            if (open != null) {
                events.add(new long[] {open[0], 1});
                events.add(new long[] {open[1], -1});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int busy = 0;
        long at = first;
        long alone = 0;
        long idle = 0;
        long lastTwo = first;
        for (long[] e : events) {
            long span = e[0] - at;
            if (busy == 1) {
                alone += span;
            } else if (busy == 0) {
                idle += span;
            } else {
                lastTwo = e[0];
            }
            busy += (int) e[1];
            at = e[0];
        }
        return new Busy(end - first, alone, idle, end - lastTwo);
    }

    private static Instant instant(String job, JsonNode task, String field) {
        JsonNode value = task.path(field);
        if (!value.isTextual()) {
            throw new IllegalStateException("job " + job + ": task " + task.path("id").asText() + " has no " + field + " (" + value + ")");
        }
        return Instant.parse(value.asText());
    }

    static String line(Result r, double rawRowsPerSecond) {
        return String.format(Locale.ROOT, "  %s: %,d tasks (%d split off), rows per task %,d / %,d / %,d, planning %.2f s (%s EXPLAINs), %.1f s,"
                        + " %,.0f rows/s (%.2f of raw), one worker busy %.1f%% of %.1f s (last stretch %.1f s), %d split proposals",
                r.label(), r.tasks(), r.splitOff(), r.minRows(), r.medianRows(), r.maxRows(), r.planningSeconds(),
                r.estimates() == null ? "no" : r.estimates().toString(), r.seconds(), r.rowsPerSecond(), r.rowsPerSecond() / rawRowsPerSecond,
                100 * r.aloneShare(), r.window() / 1000.0, r.lastStretch() / 1000.0, r.proposals());
    }

    /**
     * The RESULTS.md section. {@code results} are (b1) uniform 100,000-id ranges, (b2) the default spec without stealing,
     * (b3) the default spec as shipped, (b4, b5) 8 uniform ranges without and with stealing, (b6, b7) the same with reads
     * throttled; targets are judged on (b2) for planning quality (before stealing), on (b3) for the rest, and the
     * straggler tail on (b7) too.
     */
    static String markdown(String command, String date, int cores, String table, double tableMb, double rawSeconds, double rawCpu,
                           List<Result> results, String logs) {
        Result noStealing = results.get(1);
        Result stealing = results.get(2);
        Result wideOff = results.get(5);
        Result wideOn = results.get(6);
        double rawRate = ROWS / rawSeconds;
        StringBuilder md = new StringBuilder();
        md.append(TITLE).append("\n\n");
        md.append("Produced by `").append(command).append("` on ").append(date).append(", on a machine with ").append(cores)
                .append(" cores; every run below happened in this one invocation, one after the other. ");
        md.append(String.format(Locale.ROOT, "Data: `%s`, %,d rows: %,d dense ids 1..%,d, then %,d ids every %d up to %,d (a %,d-wide tail), "
                        + "%.0f MiB of InnoDB data. (a) is `mariadb --quick` reading it to /dev/null; each (b) is coordinator + 2 workers of one slot "
                        + "+ S3Proxy (zstd), fresh processes, timed from submit to SUCCEEDED; every (b) run wrote exactly %,d rows.%n%n",
                table, ROWS, DENSE, DENSE, TAIL, STEP, MAX_ID, MAX_ID - DENSE, tableMb, ROWS));
        md.append("| run | tasks (split off) | rows per task min / median / max | tasks within ±25% of the target | planning s (EXPLAINs) "
                + "| seconds | rows/s | vs (a) | CPU s, all processes | one worker busy, share of the run (last stretch) | first task per worker, s |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| (a) mariadb --quick > /dev/null | | | | | %.1f | %,.0f | 1.00 | %.1f | | |%n", rawSeconds, rawRate, rawCpu));
        for (Result r : results) {
            String share;
            if (!r.byRows()) {
                share = String.format(Locale.ROOT, "%.0f%% of %,d, against chunkSize read as rows (%,d)", 100 * r.plannedShare(), r.planned(), r.target());
            } else if (r.splitOff() == 0) {
                share = String.format(Locale.ROOT, "%.0f%% of %,d (target %,d)", 100 * r.plannedShare(), r.planned(), r.target());
            } else {
                share = String.format(Locale.ROOT, "planned ranges %.0f%% of %,d (target %,d); after stealing, their heads alone %.0f%%",
                        100 * r.rangeShare(), r.planned(), r.target(), 100 * r.plannedShare());
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d (%d) | %,d / %,d / %,d | %s | %.2f (%s) | %.1f | %,.0f | %.2f | %.1f | %.1f%% of %.1f s (%.1f s) | %.1f |%n",
                    r.label(), r.tasks(), r.splitOff(), r.minRows(), r.medianRows(), r.maxRows(), share, r.planningSeconds(),
                    r.estimates() == null ? "none" : r.estimates().toString(), r.seconds(), r.rowsPerSecond(), r.rowsPerSecond() / rawRate,
                    r.cpuSeconds(), 100 * r.aloneShare(), r.window() / 1000.0, r.lastStretch() / 1000.0, r.firstTaskSeconds()));
        }
        md.append("\nTasks and rows are the committed ones from `GET /api/jobs/{id}/tasks`, paged through all of them. Planning is the submit "
                + "request's wall time (planning, storing the plan, queueing the tasks) and EXPLAINs are the job's `tables[0].estimates`. "
                + "\"One worker busy\" is the share of the run, from the first task's `claimedAt` to the last task's `finishedAt`, during which "
                + "exactly one of the two workers held a task (each worker's [claimedAt, finishedAt] intervals merged, across gaps under 1 s "
                + "between its tasks: publishing one part and claiming the next); the last stretch is the time from the last moment both "
                + "were busy to the end, the straggler tail proper. A planned range split while it ran counts its planned task's rows plus "
                + "those of every task split off it. \"First task per worker\" is the mean duration of each worker's first task: a cold JVM "
                + "loads and compiles the reading and Parquet code then (warm tasks of the same size take a fraction of it).\n\n");

        boolean rowsMet = noStealing.plannedShare() >= 0.90;
        boolean planningMet = noStealing.planningSeconds() < 2 && stealing.planningSeconds() < 2;
        boolean tailMet = stealing.aloneShare() < 0.10;
        boolean throughputMet = stealing.rowsPerSecond() / rawRate >= 0.8;
        md.append("| target | measured | met |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| task rows within ±25%% of the target for at least 90%% of tasks before stealing | (b2) %.0f%% (%d of %d) | %s |%n",
                100 * noStealing.plannedShare(), Math.round(noStealing.plannedShare() * noStealing.planned()), noStealing.planned(), yes(rowsMet)));
        md.append(String.format(Locale.ROOT, "| planning under 2 s | (b2) %.2f s, (b3) %.2f s | %s |%n", noStealing.planningSeconds(),
                stealing.planningSeconds(), yes(planningMet)));
        md.append(String.format(Locale.ROOT, "| straggler tail under 10%% of the run (one worker busy), planning + stealing | (b3) %.1f%% (without stealing,"
                        + " (b2): %.1f%%) | %s |%n", 100 * stealing.aloneShare(), 100 * noStealing.aloneShare(), yes(tailMet)));
        md.append(String.format(Locale.ROOT, "| default spec's throughput at least 0.8 of the raw read | (b3) %.2f (without stealing, (b2): %.2f) | %s |%n",
                stealing.rowsPerSecond() / rawRate, noStealing.rowsPerSecond() / rawRate, yes(throughputMet)));
        md.append(String.format(Locale.ROOT, "%nWhat stealing does to a real straggler: with 8 uniform ranges and each task's reads throttled to %,d rows/s,"
                        + " one worker reads the dense first range alone for %.1f s at the end without stealing (b6, %.1f%% of the run with one worker"
                        + " busy), and %.1f s with it (b7, %.1f%%; %d task(s) split off).%n%n",
                THROTTLE, wideOff.lastStretch() / 1000.0, 100 * wideOff.aloneShare(), wideOn.lastStretch() / 1000.0, 100 * wideOn.aloneShare(),
                wideOn.splitOff()));
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        (rowsMet ? met : missed).add("task rows within ±25%");
        (planningMet ? met : missed).add("planning under 2 s");
        (tailMet ? met : missed).add("straggler tail under 10%");
        (throughputMet ? met : missed).add("throughput at least 0.8 of the raw read");
        md.append("\nMet: ").append(met.isEmpty() ? "none" : String.join(", ", met)).append(". Not met: ")
                .append(missed.isEmpty() ? "none" : String.join(", ", missed)).append(".\n\n");

        md.append("Per run, from the tasks API and the coordinator's log (process logs in `").append(logs).append("`):\n\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "- %s (`%s`): %d split proposal(s) logged, %d task(s) split off; no worker busy %.1f%% of the run;"
                            + " last to finish: %s; longest: %s.%n", r.label(), r.log(), r.proposals(), r.splitOff(),
                    r.window() > 0 ? 100.0 * r.idle() / r.window() : 0, r.lastTask(), r.longestTask()));
        }
        return md.toString();
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    /** Rows of the tasks per worker, for the console. */
    static String perWorker(List<JsonNode> tasks) {
        return tasks.stream().collect(Collectors.groupingBy(t -> t.path("worker").asText(), TreeMap::new,
                Collectors.summingLong(t -> t.path("rows").asLong()))).toString();
    }
}
