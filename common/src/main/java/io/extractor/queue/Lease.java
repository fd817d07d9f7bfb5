package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.plan.TaskRef;

/**
 * What one claim gives a worker: the task, the attempt number it is on, and the fencing token that every later
 * heartbeat, commit or failure report must carry. A token belongs to exactly one claim; the attempt number can
 * repeat after a worker hands a task back unspent.
 */
public record Lease(TaskRef task, int attempt, long token, long leaseUntilMillis) {
    public Lease {
        requireNonNull(task, "task");
    }

    public String taskId() {
        return task.id();
    }
}
