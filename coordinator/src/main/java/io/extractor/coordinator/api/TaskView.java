package io.extractor.coordinator.api;

import io.extractor.job.FailureKind;
import io.extractor.job.TaskState;
import io.extractor.queue.TaskRecord;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A task as the API shows it.
 *
 * @param rows rows committed, or rows streamed so far while in progress
 * @param part object key of the committed part; null before, or when its range held no rows
 * @param errorKind {@link FailureKind#label()} of {@code error}, such as {@code source-unreachable}
 * @param estimatedRows the source's estimate of the range's rows at planning time (or at its last split); null when its
 *                      table was split uniformly
 * @param splitFrom the task this one's range was split off while it ran; null for a planned task
 * @param splits    times this task's range was cut for an idle worker while it ran
 * @param claimedAt when its current (or last) attempt was claimed; null before the first claim
 * @param finishedAt when it succeeded or failed for good; null before
 */
public record TaskView(
        String id,
        int table,
        long seq,
        String lo,
        String hi,
        Long estimatedRows,
        TaskState state,
        int attempt,
        int maxAttempts,
        String worker,
        long rows,
        long bytes,
        String part,
        long durationMillis,
        String error,
        String errorKind,
        String lastError,
        String lastErrorKind,
        String splitFrom,
        int splits,
        Instant claimedAt,
        Instant finishedAt,
        Instant updatedAt) {

    static TaskView of(TaskRecord t, UnaryOperator<String> redact) {
        long rows = t.state() == TaskState.SUCCESS ? t.rows() : t.rowsRead();
        return new TaskView(t.id(), t.ref().table(), t.ref().seq(), t.range().lo().toString(), t.range().hi().toString(), t.estimatedRows(), t.state(), t.attempt(),
                t.maxAttempt(), t.worker(), rows, t.bytes(), t.key(), t.durationMillis(), t.error() == null ? null : redact.apply(t.error()),
                label(t.errorKind()), t.lastError() == null ? null : redact.apply(t.lastError()), label(t.lastErrorKind()),
                t.splitFrom(), t.splits(), instant(t.claimedAt()), instant(t.finishedAt()), instant(t.updatedAt()));
    }

    private static Instant instant(long millis) {
        return millis > 0 ? Instant.ofEpochMilli(millis) : null;
    }

    private static String label(FailureKind kind) {
        return kind == null ? null : kind.label();
    }
}
