package io.extractor.queue;

import io.extractor.job.JobState;
import io.extractor.plan.JobPlan;
import java.util.Map;

/**
 * One job as its Redis hash holds it: the plan, the state and the counters that every task transition keeps
 * up to date in the same script, so they always agree with the tasks.
 */
public record JobRecord(
        String id,
        JobState state,
        JobPlan plan,
        long createdAt,
        long finishedAt,
        long total,
        long pending,
        long progress,
        long success,
        long failed,
        long rows,
        long bytes,
        String error) {

    static JobRecord from(String id, Map<String, String> hash) {
        return new JobRecord(
                id,
                JobState.valueOf(hash.get("state")),
                Json.read(hash.get("plan"), JobPlan.class),
                TaskRecord.longOf(hash, "createdAt"),
                TaskRecord.longOf(hash, "finishedAt"),
                TaskRecord.longOf(hash, "total"),
                TaskRecord.longOf(hash, "pending"),
                TaskRecord.longOf(hash, "progress"),
                TaskRecord.longOf(hash, "success"),
                TaskRecord.longOf(hash, "failed"),
                TaskRecord.longOf(hash, "rows"),
                TaskRecord.longOf(hash, "bytes"),
                TaskRecord.blankToNull(hash.get("error")));
    }

    public boolean allTasksDone() {
        return pending == 0 && progress == 0;
    }
}
