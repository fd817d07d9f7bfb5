package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobSpec;
import java.util.List;

/**
 * A job after validation and planning: everything a worker needs to run any of its tasks, and nothing secret.
 * Stored in Redis for the workers and in the sink, so a job can be resumed even if Redis loses it.
 */
public record JobPlan(
        String jobId,
        String source,
        String sink,
        String run,
        int maxAttempts,
        long createdAtMillis,
        List<TablePlan> tables,
        JobSpec spec) {

    public JobPlan {
        requireNonNull(jobId, "jobId");
        requireNonNull(source, "source");
        requireNonNull(sink, "sink");
        requireNonNull(run, "run");
        tables = List.copyOf(tables);
        requireNonNull(spec, "spec");
    }

    /** The same plan under another id (a fresh one after an id collision); a run named after its job follows the id. */
    public JobPlan withJobId(String newJobId) {
        return new JobPlan(newJobId, source, sink, spec.run() == null ? newJobId : run, maxAttempts, createdAtMillis, tables, spec);
    }

    public TablePlan table(int index) {
        return tables.get(index);
    }

    public long taskCount() {
        return tables.stream().mapToLong(TablePlan::taskCount).sum();
    }
}
