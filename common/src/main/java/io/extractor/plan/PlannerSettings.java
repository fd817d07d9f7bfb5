package io.extractor.plan;

import java.time.Duration;

/**
 * Defaults and limits the planner applies to every job. The limits keep one request's work, and what a job
 * puts in Redis, bounded; each refusal names the setting to raise.
 *
 * @param defaultChunkSize   id-range width of a task when the spec gives none
 * @param defaultMaxAttempts attempts per task when the spec gives none
 * @param maxTasksPerTable   refuse a plan that would queue more tasks than this for one table
 * @param maxTasksPerJob     refuse a plan that would queue more tasks than this in all
 * @param maxTables          tables one job may list
 * @param maxColumns         columns one table of a job may list
 * @param maxWhereLength     characters of one table's {@code where}
 * @param tinyint1AsBoolean  write TINYINT(1) as BOOLEAN (as Spark and Sqoop do); a value other than 0/1 then fails the task
 * @param statementTimeout   longest a planning query may run (and wait for the source) before the submit is answered 503
 */
public record PlannerSettings(
        long defaultChunkSize,
        int defaultMaxAttempts,
        long maxTasksPerTable,
        long maxTasksPerJob,
        int maxTables,
        int maxColumns,
        int maxWhereLength,
        boolean tinyint1AsBoolean,
        Duration statementTimeout) {

    public PlannerSettings {
        if (defaultChunkSize < 1 || defaultMaxAttempts < 1 || maxTasksPerTable < 1 || maxTasksPerJob < 1 || maxTables < 1 || maxColumns < 1
                || maxWhereLength < 1) {
            throw new IllegalArgumentException("planner defaults and limits must be positive");
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("extractor.plan.statement-timeout must be positive, got " + statementTimeout);
        }
    }

    /** The defaults documented in the README, for tests and tools that plan without a configuration. */
    public static PlannerSettings defaults() {
        return new PlannerSettings(100_000, 3, 100_000, 100_000, 1000, 4096, 4096, true, Duration.ofSeconds(30));
    }
}
