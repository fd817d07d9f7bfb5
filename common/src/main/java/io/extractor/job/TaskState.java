package io.extractor.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one task, as DESIGN.md draws it. Redis scripts enforce these moves atomically; this enum is the
 * reference the scripts and the API are checked against.
 */
public enum TaskState {
    PENDING,
    PROGRESS,
    SUCCESS,
    FAILED;

    public boolean isFinal() {
        return this == SUCCESS;
    }

    /** Whether a task may go from this state to {@code next} in one step. */
    public boolean canMoveTo(TaskState next) {
        return successors().contains(next);
    }

    public Set<TaskState> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(PROGRESS, FAILED); // FAILED: job cancelled, or its plan vanished, before a claim
            case PROGRESS -> EnumSet.of(PENDING, SUCCESS, FAILED);
            case SUCCESS -> EnumSet.noneOf(TaskState.class);
            case FAILED -> EnumSet.of(PENDING); // operator retry
        };
    }
}
