package io.extractor.plan;

/**
 * Defaults and limits the planner applies to every job.
 *
 * @param defaultChunkSize   id-range width of a task when the spec gives none
 * @param defaultMaxAttempts attempts per task when the spec gives none
 * @param maxTasksPerTable   refuse a plan that would queue more tasks than this for one table
 * @param tinyint1AsBoolean  write TINYINT(1) as BOOLEAN (as Spark and Sqoop do); a value other than 0/1 then fails the task
 */
public record PlannerSettings(long defaultChunkSize, int defaultMaxAttempts, long maxTasksPerTable, boolean tinyint1AsBoolean) {
    public PlannerSettings {
        if (defaultChunkSize < 1 || defaultMaxAttempts < 1 || maxTasksPerTable < 1) {
            throw new IllegalArgumentException("planner defaults must be positive");
        }
    }
}
