package io.extractor.coordinator.api;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.queue.JobRecord;
import io.extractor.sink.SinkSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A job as the API shows it. Ids are strings because BIGINT UNSIGNED ids do not survive a JavaScript number.
 *
 * @param elapsedSeconds from submission to finish, or to now while the job runs
 * @param rowsPerSecond  rows written per elapsed second
 */
public record JobView(
        String id,
        JobState state,
        String source,
        String sink,
        String run,
        Instant createdAt,
        Instant finishedAt,
        double elapsedSeconds,
        Tasks tasks,
        long rowsWritten,
        long bytesWritten,
        double rowsPerSecond,
        List<Table> tables,
        String error) {

    /** @param failedByKind failed tasks by {@link FailureKind#label()}, only kinds with at least one */
    public record Tasks(long total, long pending, long progress, long success, long failed, Map<String, Long> failedByKind) {
    }

    /**
     * @param chunkSize     ids per task when the table was split uniformly, else null
     * @param targetRows    rows per task the table was planned for from the source's estimates, else null
     * @param estimatedRows the estimates of the table's tasks summed, else null
     * @param estimates     row estimates (EXPLAIN queries) planning asked the source for, when planned by rows; else null
     */
    public record Table(String table, String idColumn, String minId, String maxId, String chunkSize, Long targetRows, long tasks,
                        Long estimatedRows, Integer estimates, int columns, String where, String location) {
    }

    static JobView of(JobRecord job, SinkSettings sink, UnaryOperator<String> redact) {
        JobPlan plan = job.plan();
        long end = job.finishedAt() > 0 ? job.finishedAt() : System.currentTimeMillis();
        double elapsed = Math.max(0, end - job.createdAt()) / 1000.0;
        List<Table> tables = plan.tables().stream().map(t -> table(plan, t, sink)).toList();
        return new JobView(job.id(), job.state(), plan.source(), plan.sink(), plan.run(), Instant.ofEpochMilli(job.createdAt()),
                job.finishedAt() > 0 ? Instant.ofEpochMilli(job.finishedAt()) : null, elapsed,
                new Tasks(job.total(), job.pending(), job.progress(), job.success(), job.failed(), byKind(job)), job.rows(), job.bytes(),
                elapsed > 0 ? job.rows() / elapsed : 0, tables, job.error() == null ? null : redact.apply(job.error()));
    }

    private static Map<String, Long> byKind(JobRecord job) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FailureKind kind : FailureKind.values()) {
            Long count = job.failedByKind().get(kind);
            if (count != null) {
                counts.put(kind.label(), count);
            }
        }
        return counts;
    }

    private static Table table(JobPlan plan, TablePlan t, SinkSettings sink) {
        String location = sink == null ? null : sink.uri(sink.layout().runFolder(t.output(), plan.run()));
        return new Table(t.database() + "." + t.table(), t.idColumn(), t.minId() == null ? null : t.minId().toString(),
                t.maxId() == null ? null : t.maxId().toString(), t.chunkSize() == null ? null : t.chunkSize().toString(), t.targetRows(), t.taskCount(), t.estimatedRowsTotal(), t.estimates(), t.columns().size(), t.where(),
                location);
    }
}
