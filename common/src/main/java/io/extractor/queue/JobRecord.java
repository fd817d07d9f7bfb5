package io.extractor.queue;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.plan.JobPlan;
import io.extractor.queue.RedisKeys.JobField;
import java.util.EnumMap;
import java.util.Map;

/**
 * One job as its Redis hash holds it: the plan, the state and the counters that every task transition keeps
 * up to date in the same script, so they always agree with the tasks.
 *
 * @param failedByKind FAILED tasks by the kind of their error, only kinds with at least one
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
        Map<FailureKind, Long> failedByKind,
        long rows,
        long bytes,
        String error) {

    public JobRecord {
        failedByKind = Map.copyOf(failedByKind);
    }

    static JobRecord from(String id, Map<String, String> hash) {
        Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            long count = TaskRecord.longOf(hash, RedisKeys.failedOfKind(kind));
            if (count > 0) {
                byKind.put(kind, count);
            }
        }
        return new JobRecord(
                id,
                JobState.valueOf(hash.get(JobField.STATE.field())),
                Json.read(hash.get(JobField.PLAN.field()), JobPlan.class),
                longOf(hash, JobField.CREATED_AT),
                longOf(hash, JobField.FINISHED_AT),
                longOf(hash, JobField.TOTAL),
                longOf(hash, JobField.PENDING),
                longOf(hash, JobField.PROGRESS),
                longOf(hash, JobField.SUCCESS),
                longOf(hash, JobField.FAILED),
                byKind,
                longOf(hash, JobField.ROWS),
                longOf(hash, JobField.BYTES),
                TaskRecord.blankToNull(hash.get(JobField.ERROR.field())));
    }

    private static long longOf(Map<String, String> hash, JobField field) {
        return TaskRecord.longOf(hash, field.field());
    }

    public boolean allTasksDone() {
        return pending == 0 && progress == 0;
    }
}
