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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Brings back a job Redis no longer knows (it restarted empty, or was flushed) from what the sink holds: the
 * plan the coordinator stored at submission and the parts already published. A part counts as done only if its
 * footer names this job and task, and then for exactly the ids its footer says it holds; output of an earlier run in
 * the same folder is extracted again, and every id no part holds is queued. Committed parts are never extracted
 * twice.
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

    /** A part of this job found in the sink: its seq (from its name), the ids it holds (from its footer), its size. */
    private record Found(long seq, String key, IdRange range, long rows, long bytes, int attempt) {
        JobStore.DonePart done() {
            return new JobStore.DonePart(key, range.lo().toString(), range.hi().toString(), rows, bytes, attempt);
        }
    }

    /**
     * Recreates the job in Redis, writing the run folders of {@code writers}; returns how many of its tasks were found
     * done. Each planned range is tiled again from the parts found inside it: a part counts as done for exactly the
     * ids its footer names (a range split while it ran left several parts, each with its own range), and every gap
     * between them becomes a pending task, so no row is read twice or lost.
     */
    public static int resume(JobStore store, Sink sink, JobPlan plan, List<String> writers) {
        Map<Integer, List<Found>> found = new HashMap<>();
        long nextSeq = plan.taskCount();
        for (TablePlan table : plan.tables()) {
            List<Found> parts = found(sink, plan, table);
            for (Found part : parts) {
                nextSeq = Math.max(nextSeq, part.seq() + 1);
            }
            found.put(table.index(), parts);
        }
        List<JobStore.TaskSeed> first = new ArrayList<>();
        List<JobStore.TaskSeed> more = new ArrayList<>();
        long[] seqs = {nextSeq};
        int done = 0;
        for (TablePlan table : plan.tables()) {
            List<Found> parts = found.get(table.index());
            int next = 0;
            for (long seq = 0; seq < table.taskCount(); seq++) {
                IdRange planned = table.range(seq);
                List<JobStore.TaskSeed> seeds = new ArrayList<>();
                List<Found> inside = new ArrayList<>();
                while (next < parts.size() && parts.get(next).range().lo().compareTo(planned.hi()) < 0) {
                    Found part = parts.get(next++);
                    if (part.range().lo().compareTo(planned.lo()) >= 0 && part.range().hi().compareTo(planned.hi()) <= 0) {
                        inside.add(part);
                    } else {
                        LOG.infof("resume %s: %s holds ids %s, across the planned range %s; it is extracted again", plan.jobId(),
                                part.key(), part.range(), planned);
                    }
                }
                long own = seq;
                boolean ownTaken = inside.stream().anyMatch(p -> p.seq() == own);
                BigInteger cursor = planned.lo();
                for (Found part : inside) {
                    if (part.range().lo().compareTo(cursor) < 0) {
                        LOG.infof("resume %s: %s holds ids %s, overlapping another part; it is left out", plan.jobId(), part.key(), part.range());
                        continue;
                    }
                    if (part.range().lo().compareTo(cursor) > 0) {
                        seeds.add(gap(plan, table, ownTaken ? seqs[0]++ : own, new IdRange(cursor, part.range().lo()), null));
                        ownTaken = true;
                    }
                    seeds.add(new JobStore.TaskSeed(new TaskRef(plan.jobId(), table.index(), part.seq()), part.range(), null, part.done()));
                    done++;
                    cursor = part.range().hi();
                }
                if (cursor.compareTo(planned.hi()) < 0 || seeds.isEmpty()) {
                    Long estimate = seeds.isEmpty() ? table.estimatedRows(seq) : null;
                    seeds.add(gap(plan, table, ownTaken ? seqs[0]++ : own, new IdRange(cursor, planned.hi()), estimate));
                }
                first.add(seeds.getFirst());
                more.addAll(seeds.subList(1, seeds.size()));
            }
        }
        List<JobStore.TaskSeed> tasks = new ArrayList<>(first);
        tasks.addAll(more);
        store.restore(plan, writers, tasks, tasks.size(), seqs[0]);
        return done;
    }

    private static JobStore.TaskSeed gap(JobPlan plan, TablePlan table, long seq, IdRange range, Long estimate) {
        return new JobStore.TaskSeed(new TaskRef(plan.jobId(), table.index(), seq), range, estimate, null);
    }

    /**
     * The parts of this job's table in its run folder, in id order: those whose footer names this job, this table
     * and the task whose seq the part's name carries. Anything else (an earlier run's output, a stray file) is not
     * counted, and its ids are extracted again.
     */
    private static List<Found> found(Sink sink, JobPlan plan, TablePlan table) {
        String folder = sink.layout().runFolder(table.output(), plan.run());
        List<Found> parts = new ArrayList<>();
        for (PartStore.StoredObject object : sink.store().list(folder)) {
            OptionalLong seq = PartFile.seq(SinkLayout.nameIn(folder, object.key()));
            if (seq.isEmpty()) {
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
            IdRange range = new IdRange(footer.lo(), footer.hi());
            if (range.isEmpty() && !table.isEmpty()) {
                continue; // holds no ids: nothing to count done
            }
            parts.add(new Found(seq.getAsLong(), object.key(), range, read.rows(), object.size(), footer.attempt()));
        }
        parts.sort(Comparator.comparing((Found part) -> part.range().lo()).thenComparing(part -> part.range().hi()));
        return parts;
    }
}
