package io.extractor.coordinator.finish;

import io.extractor.coordinator.Leadership;
import io.extractor.config.Redactor;
import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.queue.JobMaintenance;
import io.extractor.queue.JobRecord;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.queue.TaskRecord;
import io.extractor.sink.Manifest;
import io.extractor.sink.PartStore;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkLayout;
import io.extractor.sink.UploadedPart;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Finishes jobs whose tasks are all done: publishes any committed part a worker could not publish, discards
 * every upload no committed task owns (fenced, failed and crashed attempts), checks each part against the
 * bucket, writes one manifest per table and, when every task succeeded, the {@code _SUCCESS} markers.
 *
 * <p>Uncommitted uploads are found two ways, and each catches one that the other misses. The registry in Redis
 * (every upload an attempt started, recorded before its first byte is sent) names each upload by its exact key, so
 * it works on stores whose listing of open uploads ignores a folder prefix: MinIO lists them only for an exact
 * object key (minio/minio#11686, #20989), so there the sweep finds nothing. The sweep of the open uploads under the
 * job's run folders catches what the registry cannot know: an upload whose worker died between the store creating
 * it and Redis recording it, and those of a job's earlier life when Redis lost the job and it was resumed.
 */
@Singleton
public class JobFinisher {
    private static final Logger LOG = Logger.getLogger(JobFinisher.class);

    /** Tasks read per Redis round trip while finishing. */
    private static final int PAGE = 1000;

    private final JobStore store;
    private final JobMaintenance maintenance;
    private final Leadership leadership;
    private final Map<String, Sink> sinks;
    private final Redactor redactor;
    private final Map<String, Long> retryAt = new HashMap<>();

    public JobFinisher(JobStore store, JobMaintenance maintenance, Leadership leadership, Map<String, Sink> sinks, Redactor redactor) {
        this.store = store;
        this.maintenance = maintenance;
        this.leadership = leadership;
        this.sinks = sinks;
        this.redactor = redactor;
    }

    @Scheduled(every = "${extractor.coordinator.finish-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!leadership.held()) {
                return;
            }
            Set<String> active = store.activeJobIds();
            retryAt.keySet().retainAll(active);
            for (String id : active) {
                if (retryAt.getOrDefault(id, 0L) > System.currentTimeMillis()) {
                    continue;
                }
                if (maintenance.beginFinish(id)) {
                    finish(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("finisher: %s; trying again shortly", redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** Finishes one job that is in FINISHING; safe to run again if it was interrupted. */
    public void finish(String id) {
        JobRecord job = store.job(id).orElse(null);
        if (job == null) {
            return;
        }
        JobPlan plan = job.plan();
        Sink sink = sinks.get(plan.sink());
        if (sink == null) {
            maintenance.finish(id, JobState.FAILED, "sink " + plan.sink() + " is no longer configured on the coordinator; its parts were not checked",
                    System.currentTimeMillis());
            return;
        }
        try {
            // a job's tasks are read a page at a time, so finishing a job of 100,000 tasks never holds them all
            Tally tally = new Tally();
            for (long offset = 0; offset < job.total(); offset += PAGE) {
                List<TaskRecord> page = store.tasks(id, offset, PAGE);
                publishCommitted(maintenance, sink, page);
                tally.add(page);
            }
            discardUncommitted(maintenance, sink, id, tally.committedUploads);
            discardUnregistered(sink, plan, tally.committedUploads);
            List<String> problems = new ArrayList<>();
            tally.check(job, problems);
            long finishedAt = System.currentTimeMillis();
            boolean allSucceeded = tally.success == job.total() && tally.seen == job.total();
            long start = 0;
            for (TablePlan table : plan.tables()) {
                String folder = sink.layout().runFolder(table.output(), plan.run());
                Map<String, Long> objects = objects(sink, folder);
                Manifest manifest = manifest(plan, table, objects, store, id, start, job.total(), problems, allSucceeded, finishedAt);
                start += table.taskCount();
                if (allSucceeded && problems.isEmpty()) {
                    removeStaleParts(sink, folder, objects, manifest);
                }
                sink.store().writeManifest(folder, Json.writePretty(manifest));
            }
            JobState state;
            String error = null;
            if (!problems.isEmpty()) {
                state = JobState.FAILED;
                error = "output check failed, the parts in the sink do not match what the tasks reported: "
                        + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                        + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : "");
            } else if (maintenance.finishingFrom(id) == JobState.CANCELLING) {
                state = JobState.CANCELLED;
                error = "cancelled by an operator; " + tally.success + " of " + tally.seen
                        + " tasks had finished and their parts are kept; retry the job's failed tasks to complete it";
            } else if (allSucceeded) {
                state = JobState.SUCCEEDED;
                for (TablePlan table : plan.tables()) {
                    sink.store().markSuccess(sink.layout().runFolder(table.output(), plan.run()));
                }
            } else {
                state = JobState.FAILED;
                error = tally.failed + " of " + tally.seen + " tasks failed"
                        + (tally.firstError == null ? "" : "; first: " + tally.firstError) + "; "
                        + (tally.firstKind == null ? "fix the cause, then retry the job's failed tasks" : tally.firstKind.action());
            }
            maintenance.finish(id, state, error == null ? null : redactor.redact(error), finishedAt);
            retryAt.remove(id);
            double seconds = Math.max(0.001, (finishedAt - job.createdAt()) / 1000.0);
            LOG.infof("job %s %s: %d rows, %d bytes in %.1f s (%.0f rows/s)%s", id, state.name().toLowerCase(), job.rows(), job.bytes(), seconds,
                    job.rows() / seconds, error == null ? "" : "; " + redactor.redact(error));
        } catch (RuntimeException e) {
            // most likely the sink is unreachable: the job stays FINISHING and is finished on a later tick
            retryAt.put(id, System.currentTimeMillis() + 10_000);
            LOG.warnf("job %s: cannot finish yet (%s); trying again in 10 s", id, redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** Workers publish their part right after commit; one that died in between left it to us. */
    private static void publishCommitted(JobMaintenance store, Sink sink, List<TaskRecord> tasks) {
        for (TaskRecord task : tasks) {
            if (task.state() == TaskState.SUCCESS && task.key() != null && !task.completed()) {
                sink.store().complete(new UploadedPart(task.key(), task.uploadId(), task.etags(), task.bytes()));
                store.markCompleted(task.id());
                LOG.infof("task %s: published part %s left unpublished by its worker", task.id(), task.key());
            }
        }
    }

    /** Aborts every registered upload that no committed task owns, so no stray bytes linger and nothing but parts is ever visible. */
    private static void discardUncommitted(JobMaintenance store, Sink sink, String jobId, Set<String> committed) {
        int aborted = 0;
        for (String entry : store.uploads(jobId)) {
            int space = entry.lastIndexOf(' ');
            String key = entry.substring(0, space);
            String uploadId = entry.substring(space + 1);
            if (!committed.contains(uploadId)) {
                sink.store().abort(key, uploadId);
                aborted++;
            }
        }
        if (aborted > 0) {
            LOG.infof("job %s: discarded %d upload(s) of failed, fenced or crashed attempts", jobId, aborted);
        }
        store.forgetUploads(jobId);
    }

    /**
     * A worker killed between S3 creating its upload and Redis recording it leaves an upload no task knows. The
     * run folder is this job's alone (a second writer is refused at submit), and every committed part is complete
     * by now, so whatever upload is still open under it belongs to a dead attempt.
     */
    private static void discardUnregistered(Sink sink, JobPlan plan, Set<String> committed) {
        for (TablePlan table : plan.tables()) {
            for (PartStore.OpenUpload open : sink.store().openUploads(sink.layout().runFolder(table.output(), plan.run()))) {
                if (!committed.contains(open.uploadId())) {
                    sink.store().abort(open.key(), open.uploadId());
                    LOG.infof("job %s: discarded upload %s of %s, started by an attempt that died before recording it",
                            plan.jobId(), open.uploadId(), open.key());
                }
            }
        }
    }

    /** What finishing learns from a job's tasks, a page at a time. */
    private static final class Tally {
        /** The uploads of committed tasks: the only ones that may ever be completed. */
        final Set<String> committedUploads = new HashSet<>();
        long seen;
        long success;
        long failed;
        long rows;
        String firstError;
        FailureKind firstKind;

        void add(List<TaskRecord> page) {
            for (TaskRecord task : page) {
                seen++;
                if (task.state() == TaskState.SUCCESS) {
                    success++;
                    rows += task.rows();
                    if (task.uploadId() != null) {
                        committedUploads.add(task.uploadId());
                    }
                } else if (task.state() == TaskState.FAILED) {
                    failed++;
                    if (firstError == null) {
                        firstError = task.error();
                        firstKind = task.errorKind();
                    }
                }
            }
        }

        void check(JobRecord job, List<String> problems) {
            if (rows != job.rows()) {
                problems.add("the job counted " + job.rows() + " rows but its committed tasks hold " + rows);
            }
            if (seen != job.total()) {
                problems.add("the job planned " + job.total() + " tasks but Redis holds " + seen);
            }
        }
    }

    /** Every object under a run folder with its size: one listing per thousand objects, not one request per part. */
    private static Map<String, Long> objects(Sink sink, String folder) {
        Map<String, Long> objects = new HashMap<>();
        for (PartStore.StoredObject object : sink.store().list(folder)) {
            objects.put(object.key(), object.size());
        }
        return objects;
    }

    /**
     * The table's manifest, its tasks read a page at a time: the planned ones (plan positions {@code start} on) and
     * those split off running tasks, which follow every planned task in the job's list, up to {@code total}. Parts
     * are listed in id order, each with the range it holds.
     */
    private static Manifest manifest(JobPlan plan, TablePlan table, Map<String, Long> objects, JobStore store, String jobId, long start,
                                     long total, List<String> problems, boolean complete, long finishedAt) {
        Tallied tallied = new Tallied(objects, problems);
        for (long offset = 0; offset < table.taskCount(); offset += PAGE) {
            tallied.add(store.tasks(jobId, start + offset, Math.min(PAGE, table.taskCount() - offset)), table.index());
        }
        for (long offset = plan.taskCount(); offset < total; offset += PAGE) {
            tallied.add(store.tasks(jobId, offset, Math.min(PAGE, total - offset)), table.index());
        }
        List<Manifest.Part> parts = tallied.parts;
        parts.sort(Comparator.comparing(part -> new BigInteger(part.lo())));
        long rows = tallied.rows;
        long bytes = tallied.bytes;
        List<Manifest.Column> columns = table.columns().stream()
                .map(c -> new Manifest.Column(c.name(), c.sourceType(), c.kind().name()))
                .toList();
        return new Manifest(plan.jobId(), plan.source(), table.database() + "." + table.table(), plan.run(), complete, rows, bytes,
                table.idColumn(), table.minId() == null ? null : table.minId().toString(), table.maxId() == null ? null : table.maxId().toString(),
                table.where(), columns, parts, plan.createdAtMillis(), finishedAt);
    }

    /** A table's committed parts, checked against the bucket's listing as its tasks are read. */
    private static final class Tallied {
        final List<Manifest.Part> parts = new ArrayList<>();
        final Map<String, Long> objects;
        final List<String> problems;
        long rows;
        long bytes;

        Tallied(Map<String, Long> objects, List<String> problems) {
            this.objects = objects;
            this.problems = problems;
        }

        void add(List<TaskRecord> tasks, int table) {
            for (TaskRecord task : tasks) {
                if (task.ref().table() != table || task.state() != TaskState.SUCCESS || task.key() == null) {
                    continue;
                }
                Long size = objects.get(task.key());
                if (size == null) {
                    problems.add("part " + task.key() + " of task " + task.id() + " is missing from the bucket");
                    continue;
                }
                if (size != task.bytes()) {
                    problems.add("part " + task.key() + " holds " + size + " bytes, its task reported " + task.bytes());
                }
                parts.add(new Manifest.Part(task.key(), task.id(), task.range().lo().toString(), task.range().hi().toString(), task.rows(),
                        task.bytes(), task.attempt()));
                rows += task.rows();
                bytes += task.bytes();
            }
        }
    }

    /** After a successful overwrite, anything in the run folder that is not a part of this job goes. */
    private static void removeStaleParts(Sink sink, String folder, Map<String, Long> objects, Manifest manifest) {
        Set<String> keep = manifest.parts().stream().map(Manifest.Part::key).collect(Collectors.toSet());
        List<String> stale = new ArrayList<>();
        for (String key : objects.keySet()) {
            if (!keep.contains(key) && !SinkLayout.isHidden(SinkLayout.nameIn(folder, key))) {
                stale.add(key);
            }
        }
        for (String key : stale) {
            sink.store().delete(key);
        }
        if (!stale.isEmpty()) {
            LOG.infof("removed %d part(s) of an earlier run from %s", stale.size(), sink.settings().uri(folder));
        }
    }
}
