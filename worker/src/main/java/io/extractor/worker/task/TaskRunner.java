package io.extractor.worker.task;

import static java.util.Objects.requireNonNull;

import io.extractor.job.FailureKind;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.config.Redactor;
import io.extractor.queue.FailOutcome;
import io.extractor.queue.Lease;
import io.extractor.queue.PartReport;
import io.extractor.queue.TaskQueue;
import io.extractor.sink.PartFile;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkRetry;
import io.extractor.sink.UploadSettings;
import io.extractor.sink.UploadedPart;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import io.extractor.types.ColumnMapping;
import io.extractor.worker.extract.RangeBound;
import io.extractor.worker.extract.RangeReader;
import io.extractor.worker.extract.RowBatch;
import io.extractor.worker.extract.SchemaCheck;
import io.extractor.worker.extract.SourceConnections;
import io.extractor.worker.extract.Throttle;
import io.extractor.worker.parquet.PartWriter;
import io.extractor.worker.upload.PartOutputFile;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Runs one attempt of one task, start to finish: check the table still matches the plan, stream the range
 * from MySQL into batches on this thread, encode them to Parquet on another, upload the bytes as they come on
 * others, then commit in Redis and only then publish the part. Never throws: every outcome ends in exactly one
 * report (commit, fail, release) or, when fenced, in none.
 */
public final class TaskRunner {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final int MAX_CACHED_PLANS = 16;

    private final TaskQueue queue;
    private final Map<String, SourceConnections> sources;
    private final Map<String, Sink> sinks;
    private final WorkerSettings settings;
    private final ExecutorService pipeline;
    private final Redactor redactor;
    private final Map<String, JobPlan> plans = new ConcurrentHashMap<>();
    private final Set<TaskControl> running = ConcurrentHashMap.newKeySet();

    public TaskRunner(TaskQueue queue, Map<String, SourceSettings> sources, Map<String, Sink> sinks, WorkerSettings settings,
                      ExecutorService pipeline) {
        this.queue = requireNonNull(queue, "queue");
        Map<String, SourceConnections> connections = new HashMap<>();
        sources.forEach((name, source) -> connections.put(name,
                new SourceConnections(source, settings.slots(), settings.fetchSize() > 0, settings.readTimeout(), settings.maxRowBytes())));
        this.sources = Map.copyOf(connections);
        this.sinks = Map.copyOf(sinks);
        this.settings = requireNonNull(settings, "settings");
        this.pipeline = requireNonNull(pipeline, "pipeline");
        this.redactor = Redactor.of(sources.values(), sinks.values());
    }

    /** Attempts running now, for heartbeats and shutdown. */
    Set<TaskControl> running() {
        return running;
    }

    public int runningCount() {
        return running.size();
    }

    /** Closes the source connections kept between tasks. */
    public void close() {
        sources.values().forEach(SourceConnections::close);
    }

    /** Stops every running attempt and hands its task back to the queue unspent (the shutdown grace is over). */
    public void handBackAll() {
        for (TaskControl control : running) {
            control.stop(TaskControl.Stop.SHUTDOWN, null);
        }
    }

    public void run(Lease lease) {
        TaskControl control = new TaskControl(lease, Thread.currentThread());
        running.add(control);
        long started = System.nanoTime();
        String where = "task " + lease.taskId() + " attempt " + lease.attempt();
        PartOutputFile[] output = new PartOutputFile[1];
        try {
            JobPlan plan = plan(lease.task().jobId()).orElse(null);
            if (plan == null || lease.task().table() >= plan.tables().size()) {
                report(lease, FailureKind.JOB_MISSING, where + ": the job's plan is missing from Redis (job deleted or Redis lost its data);"
                        + " resume the job from the sink or submit it again", Duration.ZERO);
                return;
            }
            TablePlan table = plan.table(lease.task().table());
            IdRange range = lease.range(); // the task's range as Redis holds it now, never recomputed from the plan
            where = "task " + lease.taskId() + " (" + table.database() + "." + table.table() + " ids " + range + ", attempt " + lease.attempt() + ")";
            SourceConnections source = sources.get(plan.source());
            Sink sink = sinks.get(plan.sink());
            if (source == null || sink == null) {
                String missing = source == null ? "source \"" + plan.source() + "\"" : "sink \"" + plan.sink() + "\"";
                String property = source == null ? "extractor.sources." + plan.source() + ".url" : "extractor.sinks." + plan.sink() + ".bucket";
                report(lease, FailureKind.WORKER_CONFIGURATION, where + ": worker " + settings.workerId() + " has no " + missing + "; configure "
                        + property + " on every worker, then retry the job's failed tasks", Duration.ZERO);
                return;
            }
            String key = sink.layout().partKey(table.output(), plan.run(), lease.task().seq());
            LOG.debugf("%s: reading into %s", where, sink.settings().uri(key));
            Extraction extraction = extract(control, plan, table, range, source, sink, key, output);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            UploadedPart upload = extraction.upload();
            PartReport part = upload == null
                    ? PartReport.none(millis)
                    : new PartReport(extraction.rows(), upload.bytes(), key, upload.uploadId(), upload.pieces(), millis);
            control.awaitSplits(); // the part ends at an agreed cut: commit only once Redis has the task end there too
            IdRange covered = control.range();
            control.seal();
            boolean committed;
            try {
                committed = Retrying.redis("commit " + lease.taskId(), settings.redisPatience(), () -> queue.commit(lease, covered, part));
            } catch (RuntimeException unknown) {
                // the commit may have landed with its reply lost: keep the upload, the coordinator settles it
                LOG.errorf("%s: commit outcome unknown, Redis unreachable (%s); the coordinator will publish or discard the part",
                        where, redact(unknown.getMessage()));
                return;
            }
            if (!committed) {
                LOG.warnf("%s: fenced at commit (its lease went to another attempt); output discarded", where);
                discard(output[0]);
                return;
            }
            if (part.hasPart()) {
                publish(sink, lease, part);
            }
            LOG.infof("%s: committed %d rows, %d bytes in %.1f s", where, part.rows(), part.bytes(), millis / 1000.0);
        } catch (Throwable error) {
            discard(output[0]);
            onFailure(control, where, error);
        } finally {
            control.finish();
            running.remove(control);
        }
    }

    private record Extraction(long rows, UploadedPart upload) {
    }

    private Extraction extract(TaskControl control, JobPlan plan, TablePlan table, IdRange range, SourceConnections source, Sink sink,
                               String key, PartOutputFile[] output) throws Exception {
        Connection connection = source.take();
        boolean clean = false;
        try {
            SchemaCheck.verify(source.dialect().catalog(connection), table);
            List<ColumnMapping> columns = source.dialect().mappings(table.columns()); // one mapping per column, for this task
            RangeReader reader = new RangeReader(connection, pipeline, settings.fetchSize());
            control.attach(reader);
            RangeBound bound = new RangeBound(range, idIndex(table), (cut, accepted) -> answerSplit(control, plan, cut, accepted));
            control.attach(bound);
            BlockingQueue<RowBatch> full = new ArrayBlockingQueue<>(settings.batches() + 1);
            BlockingQueue<RowBatch> free = new ArrayBlockingQueue<>(settings.batches());
            int rowsPerBatch = RowBatch.rowsFor(table.columns().size(), settings.batchRows(), settings.batchBytes());
            for (int i = 0; i < settings.batches(); i++) {
                free.add(new RowBatch(columns, rowsPerBatch, settings.batchBytes()));
            }
            RowBatch end = new RowBatch(columns, 1, 1);
            UploadSettings upload = new UploadSettings(settings.pieceBytes(), settings.uploadBuffers(), settings.sinkPatience());
            output[0] = new PartOutputFile(() -> sink.store().openPart(key, upload, pipeline,
                    uploadId -> Retrying.redis("register upload of " + key, settings.redisPatience(), () -> {
                        queue.registerUpload(control.lease, key, uploadId);
                        return null;
                    })));
            Future<UploadedPart> encoder = pipeline.submit(() -> {
                try {
                    return encode(plan, table, columns, range, control, full, free, end, output[0]);
                } catch (Throwable e) {
                    control.stop(TaskControl.Stop.FAILED, e);
                    throw e;
                }
            });
            control.attach(encoder);
            long rows = 0;
            if (!range.isEmpty()) {
                Throttle throttle = new Throttle(settings.maxRowsPerSecond());
                rows = reader.read(source.dialect().rangeQuery(table, range), free.take(), batch -> {
                    full.put(batch);
                    throttle.pace(control.rowsRead.get());
                    return free.take();
                }, control.rowsRead::addAndGet, bound);
            } else {
                bound.finish();
            }
            full.put(end);
            clean = !reader.truncated(); // the range was read to its end: the connection can serve the next task
            try {
                return new Extraction(rows, encoder.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        } finally {
            source.give(connection, clean && control.stopReason() == null);
        }
    }

    /** The Parquet side of the pipeline; writes nothing for an empty range, except a table's first part. */
    private UploadedPart encode(JobPlan plan, TablePlan table, List<ColumnMapping> columns, IdRange range, TaskControl control,
                                BlockingQueue<RowBatch> full, BlockingQueue<RowBatch> free, RowBatch end, PartOutputFile output)
            throws Exception {
        PartWriter writer = null;
        try {
            for (RowBatch batch = full.take(); batch != end; batch = full.take()) {
                if (!batch.isEmpty()) {
                    if (writer == null) {
                        writer = openWriter(plan, table, columns, range, control, output, batch);
                    }
                    writer.write(batch);
                }
                batch.clear();
                free.put(batch);
            }
            if (writer == null && control.lease.task().seq() == 0) {
                writer = openWriter(plan, table, columns, range, control, output, null); // every table gets at least its schema
            }
            if (writer == null) {
                return null;
            }
            writer.close(footer(plan, table, control)); // the range as it ended, after any split
            return output.upload().result();
        } catch (Throwable e) {
            if (writer != null) {
                writer.abort(); // the part is discarded; its buffers go now, not with the next GC
            }
            throw e;
        }
    }

    private PartWriter openWriter(JobPlan plan, TablePlan table, List<ColumnMapping> columns, IdRange range, TaskControl control,
                                  PartOutputFile output,
                                  RowBatch sample) throws java.io.IOException {
        return new PartWriter(output, table.output(), columns, table.idColumn(), settings.parquet(), footer(plan, table, control), sample);
    }

    /** A part's footer names the ids it holds: read once the read is over, it is the range as a split left it. */
    private static Map<String, String> footer(JobPlan plan, TablePlan table, TaskControl control) {
        IdRange range = control.range();
        return PartFile.metadata(new PartFile.Footer(plan.jobId(), control.lease.taskId(), table.database() + "." + table.table(),
                range.lo(), range.hi(), control.lease.attempt()));
    }

    /** The id column's position in the task's result set, from 1; 0 when it is not extracted (such a task is never split). */
    private static int idIndex(TablePlan table) {
        for (int c = 0; c < table.columns().size(); c++) {
            if (table.columns().get(c).name().equalsIgnoreCase(table.idColumn())) {
                return c + 1;
            }
        }
        return 0;
    }

    /**
     * Tells Redis what the read decided about a split proposal, off the reading thread. An agreed split must land
     * before the attempt commits ({@link TaskControl#awaitSplits}); if Redis refuses it, the attempt has read less
     * than its task's range and fails, to be read whole again.
     */
    private void answerSplit(TaskControl control, JobPlan plan, BigInteger cut, boolean accepted) {
        Lease lease = control.lease;
        Future<?> answer = pipeline.submit(() -> {
            TaskQueue.SplitOutcome outcome = Retrying.redis((accepted ? "split " : "decline split of ") + lease.taskId(), settings.redisPatience(),
                    () -> queue.split(lease, cut, accepted, plan.maxAttempts()));
            switch (outcome) {
                case SPLIT -> LOG.infof("task %s: split at id %s for an idle worker; this attempt reads %s", lease.taskId(), cut, control.range());
                case DECLINED -> LOG.debugf("task %s: declined a split at id %s, already read past it", lease.taskId(), cut);
                case FENCED -> control.stop(TaskControl.Stop.FENCED, null);
                case REFUSED -> {
                    if (accepted) {
                        throw new IllegalStateException("the split of task " + lease.taskId() + " at id " + cut
                                + " was refused by Redis (the job stopped running, or the proposal was withdrawn) after the read had"
                                + " stopped there; the task runs again over its whole range");
                    }
                }
            }
            return outcome;
        });
        if (accepted) {
            control.splitting(answer);
        }
    }

    /** Completes the committed upload, riding out a sink outage; the coordinator finishes it otherwise. */
    private void publish(Sink sink, Lease lease, PartReport part) {
        try {
            SinkRetry.call("publish " + part.key(), settings.sinkPatience(),
                    () -> {
                        sink.store().complete(new UploadedPart(part.key(), part.uploadId(), part.etags(), part.bytes()));
                        return null;
                    });
            Retrying.redis("mark " + lease.taskId() + " published", settings.redisPatience(), () -> {
                queue.markCompleted(lease.task());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s committed but not yet published (%s); the coordinator will publish it when the job finishes",
                    lease.taskId(), redact(e.getMessage()));
        }
    }

    /** The dialect of the task's source, which knows what its errors mean; null before the plan or source is known. */
    private SourceDialect dialect(Lease lease) {
        JobPlan plan = plans.get(lease.task().jobId());
        SourceConnections source = plan == null ? null : sources.get(plan.source());
        return source == null ? null : source.dialect();
    }

    private void onFailure(TaskControl control, String where, Throwable error) {
        Lease lease = control.lease;
        TaskControl.Stop stop = control.stopReason();
        try {
            if (stop == TaskControl.Stop.FENCED) {
                LOG.warnf("%s: stopped, its lease went to another attempt; output discarded", where);
            } else if (stop == TaskControl.Stop.SHUTDOWN) {
                boolean released = Retrying.redis("release " + lease.taskId(), Duration.ofSeconds(10),
                        () -> queue.release(lease, "worker " + settings.workerId() + " shut down mid-task"));
                LOG.infof("%s: handed back to the queue on shutdown (%s)", where, released ? "attempt not spent" : "already taken over");
            } else if (stop == TaskControl.Stop.TIMEOUT) {
                report(lease, FailureKind.TIMEOUT, where + ": ran longer than extractor.worker.task-timeout (" + settings.taskTimeout()
                        + ") and was stopped; give the table a smaller chunkSize, or raise the limit", backoff(lease.attempt()));
            } else if (stop == TaskControl.Stop.CANCELLED) {
                report(lease, FailureKind.CANCELLED, where + ": job cancelled by an operator; this attempt's partial output was discarded",
                        Duration.ZERO);
            } else {
                Throwable cause = stop == TaskControl.Stop.FAILED && control.failure() != null ? control.failure() : error;
                Failures.Failure failure = Failures.classify(where, cause, settings.maxRowBytes(), dialect(lease));
                if (failure.detail() != null) {
                    LOG.warnf("%s: the source said: %s", where, redact(failure.detail()));
                }
                if (failure.kind() == FailureKind.INTERNAL) {
                    // a bug, not the world: the stack trace is what a maintainer needs
                    LOG.errorf(cause, "%s failed unexpectedly", where);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debugf(cause, "%s failed", where);
                }
                report(lease, failure.kind(), failure.message(), backoff(lease.attempt()));
            }
        } catch (RuntimeException reportFailed) {
            LOG.errorf("%s: could not report its failure (%s); the lease will expire and the task run again",
                    where, redact(reportFailed.getMessage()));
        }
    }

    private void report(Lease lease, FailureKind kind, String message, Duration backoff) {
        String safe = redact(message);
        FailOutcome outcome = Retrying.redis("report " + lease.taskId(), settings.redisPatience(), () -> queue.fail(lease, kind, safe, backoff));
        switch (outcome) {
            case RETRYING -> LOG.warnf("%s [%s]; attempt %d failed, retrying in %.1f s", safe, kind.label(), lease.attempt(),
                    backoff.toMillis() / 1000.0);
            case FAILED -> LOG.errorf("%s [%s]", safe, kind.label());
            case FENCED -> LOG.warnf("%s [%s] (not recorded: the lease had already moved on)", safe, kind.label());
        }
    }

    /** Exponential backoff with jitter, so tasks failed by one outage do not all come back at once. */
    Duration backoff(int attempt) {
        long base = settings.retryBackoff().toMillis();
        long capped = Math.min(settings.maxRetryBackoff().toMillis(), base << Math.min(attempt - 1, 20));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private Optional<JobPlan> plan(String jobId) {
        JobPlan cached = plans.get(jobId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<JobPlan> plan = Retrying.redis("read plan of " + jobId, settings.redisPatience(), () -> queue.plan(jobId));
        plan.ifPresent(p -> {
            // a worker serves a few jobs at a time; a plan can be large (a thousand tables), so few are kept
            if (plans.size() >= MAX_CACHED_PLANS) {
                plans.clear();
            }
            plans.put(jobId, p);
        });
        return plan;
    }

    private static void discard(PartOutputFile output) {
        if (output != null && output.upload() != null) {
            output.upload().abort();
        }
    }

    private String redact(String message) {
        return redactor.redact(message);
    }
}
