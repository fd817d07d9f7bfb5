package io.extractor.coordinator.resume;

import io.extractor.plan.IdRange;
import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.sink.PartFile;
import io.extractor.sink.PartStore;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Brings back a job Redis no longer knows (it restarted empty, or was flushed) from what the sink holds: the
 * plan the coordinator stored at submission and the parts already published. A part counts as done only if its
 * footer names this job and task, and the range it holds, read from the footer, is the whole of the task's; so
 * output of an earlier run in the same folder is extracted again, and everything else is queued. Committed parts
 * are never extracted twice.
 */
public final class JobResumer {
    private static final Logger LOG = Logger.getLogger(JobResumer.class);

    private JobResumer() {
    }

    /** Plans are small; anything larger in their place is not one of ours. */
    private static final long MAX_PLAN_BYTES = 16L * 1024 * 1024;

    /**
     * The plan stored in the sink at submission, or null when the sink has none for this job.
     *
     * @throws InvalidJobException the object there is not a plan this coordinator can read
     */
    public static JobPlan storedPlan(Sink sink, String jobId) throws InvalidJobException {
        String where = sink.settings().uri(sink.layout().planKey(jobId));
        OptionalLong size = sink.store().planSize(jobId);
        if (size.isEmpty()) {
            return null;
        }
        if (size.getAsLong() > MAX_PLAN_BYTES) {
            throw new InvalidJobException("plan", where + " is " + size.getAsLong() + " bytes, not a plan");
        }
        Optional<String> json = sink.store().readPlan(jobId);
        if (json.isEmpty()) {
            return null;
        }
        try {
            JobPlan plan = Json.read(json.get(), JobPlan.class);
            if (plan == null || plan.tables() == null) {
                throw new IllegalArgumentException("it holds no tables");
            }
            return plan;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidJobException("plan", where + " cannot be read as a job plan: " + e.getMessage());
        }
    }

    /** Recreates the job in Redis, writing the run folders of {@code writers}; returns how many of its tasks were found done. */
    public static int resume(JobStore store, Sink sink, JobPlan plan, List<String> writers) {
        Map<String, JobStore.DonePart> done = new HashMap<>();
        for (TablePlan table : plan.tables()) {
            String folder = sink.layout().runFolder(table.output(), plan.run());
            for (PartStore.StoredObject object : sink.store().list(folder)) {
                OptionalLong seq = PartFile.seq(SinkLayout.nameIn(folder, object.key()));
                if (seq.isEmpty() || seq.getAsLong() >= table.taskCount()) {
                    continue;
                }
                TaskRef ref = new TaskRef(plan.jobId(), table.index(), seq.getAsLong());
                PartFile.Read read = sink.store().footer(object);
                PartFile.Footer footer = read.footer().orElse(null);
                if (footer == null || !ref.id().equals(footer.task())) {
                    LOG.infof("resume %s: %s was written by %s, not by this job; its range is extracted again", plan.jobId(),
                            object.key(), footer == null ? "an unknown writer" : footer.task());
                    continue;
                }
                IdRange task = table.range(seq.getAsLong());
                if (!task.lo().equals(footer.lo()) || !task.hi().equals(footer.hi())) {
                    // the part holds only some of the task's ids (its range was cut while it ran); the plan knows no task
                    // for the rest, so counting it done would lose those rows: the task runs whole again instead
                    LOG.infof("resume %s: %s holds ids [%s, %s), not all of task %s %s; the task is extracted again", plan.jobId(),
                            object.key(), footer.lo(), footer.hi(), ref.id(), task);
                    continue;
                }
                done.put(ref.id(), new JobStore.DonePart(object.key(), footer.lo().toString(), footer.hi().toString(), read.rows(),
                        object.size(), footer.attempt()));
            }
        }
        store.restore(plan, writers, done);
        return done.size();
    }
}
