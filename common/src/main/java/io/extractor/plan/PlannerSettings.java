package io.extractor.plan;

import io.extractor.config.Configs;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;

/**
 * {@code extractor.plan.*}: defaults and limits the planner applies to every job. The limits keep one request's
 * work, and what a job puts in Redis, bounded; each refusal names the setting to raise. A new setting is one
 * method here (name, default, doc) plus its row in the README's configuration table.
 */
public interface PlannerSettings {
    /**
     * Rows per task a table is planned for when it gives neither chunkSize nor targetRows: its ranges are cut from
     * the source's row estimates.
     */
    @WithDefault("500000")
    long targetRows();

    /**
     * Row estimates (EXPLAIN queries) planning one table by rows may ask the source for; past them, a range still
     * above the target is cut into equal widths by its estimate.
     */
    @WithDefault("1000")
    int maxEstimates();

    /**
     * Width of each task's id range when the source gives no row estimate to plan by (a table's chunkSize
     * overrides it).
     */
    @WithName("chunk-size")
    @WithDefault("100000")
    long defaultChunkSize();

    /** Attempts per task when a job gives no maxAttempts. */
    @WithName("max-attempts")
    @WithDefault("3")
    int defaultMaxAttempts();

    /** A plan with more tasks than this for one table is refused (raise chunkSize instead). */
    @WithDefault("100000")
    long maxTasksPerTable();

    /** A plan with more tasks than this in all is refused. */
    @WithDefault("100000")
    long maxTasksPerJob();

    /**
     * A submit (or retry, or resume) is refused while the active jobs hold this many tasks; bounds what Redis
     * holds (about 2 KiB per task).
     */
    @WithDefault("500000")
    long maxActiveTasks();

    /** Tables one job may list. */
    @WithDefault("1000")
    int maxTables();

    /** Columns one table may list (or have, when it lists none). */
    @WithDefault("4096")
    int maxColumns();

    /** Characters of one table's where filter. */
    @WithDefault("4096")
    int maxWhereLength();

    /** Longest a planning query may run (and wait for the source) before the submit is answered 503. */
    @WithDefault("30s")
    Duration statementTimeout();

    /** Write TINYINT(1) as BOOLEAN, as Spark and Sqoop do; a value other than 0 or 1 then fails its task. */
    @WithDefault("true")
    boolean tinyint1AsBoolean();

    /** The settings, refused with the property at fault when a limit is not positive. */
    static PlannerSettings checked(PlannerSettings settings) {
        positive("chunk-size", settings.defaultChunkSize());
        positive("target-rows", settings.targetRows());
        positive("max-estimates", settings.maxEstimates());
        positive("max-attempts", settings.defaultMaxAttempts());
        positive("max-tasks-per-table", settings.maxTasksPerTable());
        positive("max-tasks-per-job", settings.maxTasksPerJob());
        positive("max-active-tasks", settings.maxActiveTasks());
        positive("max-tables", settings.maxTables());
        positive("max-columns", settings.maxColumns());
        positive("max-where-length", settings.maxWhereLength());
        if (settings.statementTimeout().isNegative() || settings.statementTimeout().isZero()) {
            throw new IllegalArgumentException("extractor.plan.statement-timeout must be positive, got " + settings.statementTimeout());
        }
        return settings;
    }

    /** The defaults above, for tests and tools that plan without a configuration. */
    static PlannerSettings defaults() {
        return of(Map.of());
    }

    /** The defaults with {@code properties} ({@code extractor.plan.max-tables} and so on) set over them. */
    static PlannerSettings of(Map<String, String> properties) {
        return checked(Configs.load(PlannerSettings.class, "extractor.plan", properties));
    }

    private static void positive(String property, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("extractor.plan." + property + " must be positive, got " + value);
        }
    }
}
