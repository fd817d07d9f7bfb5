package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where things go in a sink. Hive-style, so Spark, Trino and DuckDB read a table folder directly:
 * <pre>
 * &lt;prefix&gt;/&lt;table&gt;/run=&lt;run&gt;/part-00000.parquet   one per task with rows (task 0 always)
 * &lt;prefix&gt;/&lt;table&gt;/run=&lt;run&gt;/_manifest.json      parts, rows and bytes, written when the job finishes
 * &lt;prefix&gt;/&lt;table&gt;/run=&lt;run&gt;/_SUCCESS            written last, only when every task succeeded
 * &lt;prefix&gt;/_jobs/&lt;job id&gt;/plan.json              the plan, to resume a job if Redis loses it
 * </pre>
 * Names starting with {@code _} are skipped by those readers, so only parts are read as data.
 */
public final class SinkLayout {
    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,127}");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$.-]+");

    private final String prefix;

    public SinkLayout(String prefix) {
        this.prefix = requireNonNull(prefix, "prefix");
    }

    /** Null when {@code run} can name a folder, else what is wrong with it. */
    public static String checkRun(String run) {
        if (run == null || !RUN.matcher(run).matches()) {
            return "must be 1 to 128 letters, digits, '.', '_', '-' or '=', starting with a letter or digit";
        }
        return null;
    }

    /** Folder name of a table: its name when plain, else URL-encoded; always lower-cased for case-blind stores. */
    public static String outputName(String table) {
        String name = PLAIN_NAME.matcher(table).matches() ? table : URLEncoder.encode(table, StandardCharsets.UTF_8);
        return name.toLowerCase(Locale.ROOT);
    }

    public String runFolder(String output, String run) {
        return join(output + "/run=" + run + "/");
    }

    public String partKey(String output, String run, long seq) {
        return runFolder(output, run) + partName(seq);
    }

    public static String partName(long seq) {
        return String.format(Locale.ROOT, "part-%05d.parquet", seq);
    }

    public String manifestKey(String output, String run) {
        return runFolder(output, run) + "_manifest.json";
    }

    public String successKey(String output, String run) {
        return runFolder(output, run) + "_SUCCESS";
    }

    public String jobFolder(String jobId) {
        return join("_jobs/" + jobId + "/");
    }

    public String planKey(String jobId) {
        return jobFolder(jobId) + "plan.json";
    }

    private String join(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }
}
