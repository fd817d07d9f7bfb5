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
    private static final String MANIFEST = "_manifest.json";
    private static final String SUCCESS = "_SUCCESS";

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

    /** Key of the part of the task with range number {@code seq}; its name is {@link PartFile#name}. */
    public String partKey(String output, String run, long seq) {
        return runFolder(output, run) + PartFile.name(seq);
    }

    public String manifestKey(String output, String run) {
        return manifestKey(runFolder(output, run));
    }

    public String successKey(String output, String run) {
        return successKey(runFolder(output, run));
    }

    public static String manifestKey(String runFolder) {
        return checkFolder(runFolder) + MANIFEST;
    }

    public static String successKey(String runFolder) {
        return checkFolder(runFolder) + SUCCESS;
    }

    /** The name of {@code key} inside {@code folder}, such as {@code part-00003.parquet}. */
    public static String nameIn(String folder, String key) {
        if (!key.startsWith(checkFolder(folder))) {
            throw new IllegalArgumentException(key + " is not in " + folder);
        }
        return key.substring(folder.length());
    }

    /** Whether {@code name} is one of the run folder's own files ({@code _manifest.json}, {@code _SUCCESS}), which readers skip. */
    public static boolean isHidden(String name) {
        return name.startsWith("_");
    }

    public String jobFolder(String jobId) {
        return join("_jobs/" + jobId + "/");
    }

    public String planKey(String jobId) {
        return jobFolder(jobId) + "plan.json";
    }

    private static String checkFolder(String folder) {
        if (!folder.endsWith("/")) {
            throw new IllegalArgumentException("a folder key ends in '/', got " + folder);
        }
        return folder;
    }

    private String join(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }
}
