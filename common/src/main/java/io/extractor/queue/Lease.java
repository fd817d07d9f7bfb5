package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.job.FailureKind;
import io.extractor.plan.IdRange;
import io.extractor.plan.TaskRef;

/**
 * What one claim gives a worker: the task, the range of ids it reads, the attempt number it is on, and the fencing
 * token that every later heartbeat, commit or failure report must carry. A token belongs to exactly one claim; the
 * attempt number can repeat after a worker hands a task back unspent. The range comes from the task's record, never
 * from the plan, so a task whose range changed since planning reads its range as it is now.
 *
 * @param maxAttempts attempts the task may spend in all, which decides with a failure's kind whether it is retried
 */
public record Lease(TaskRef task, IdRange range, int attempt, int maxAttempts, long token, long leaseUntilMillis) {
    public Lease {
        requireNonNull(task, "task");
        requireNonNull(range, "range");
    }

    public String taskId() {
        return task.id();
    }

    /** Whether a failure of {@code kind} in this attempt leaves the task another attempt. */
    public boolean retries(FailureKind kind) {
        return kind.retries(attempt, maxAttempts);
    }
}
