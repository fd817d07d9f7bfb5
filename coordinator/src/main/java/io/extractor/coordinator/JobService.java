package io.extractor.coordinator;

import io.extractor.config.Redactor;
import static java.util.Objects.requireNonNull;

import io.extractor.coordinator.resume.JobResumer;
import io.extractor.job.JobSpec;
import io.extractor.job.TaskState;
import io.extractor.job.WriteMode;
import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.plan.JobPlanner;
import io.extractor.plan.PlannerSettings;
import io.extractor.plan.TablePlan;
import io.extractor.queue.JobRecord;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskRecord;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkException;
import io.extractor.sink.SinkLayout;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The coordinator's operations on jobs behind the REST API: submit, rerun, resume, cancel, retry and the queries.
 * Its collaborators are injected ({@link CoordinatorBeans} builds them). Nothing here holds a
 * lock across network I/O, so a slow source delays only its own submit; the one-writer-per-run-folder rule is
 * kept instead by an atomic reservation in Redis, taken before anything reaches the sink. A submit either
 * creates its job or leaves nothing behind.
 */
@Singleton
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);
    /** Outlives any submit by far; it only matters when the submitting coordinator died mid-submit. */
    private static final Duration RESERVATION = Duration.ofMinutes(10);
    private static final int ID_ATTEMPTS = 5;

    private final JobStore store;
    private final JobPlanner planner;
    private final Map<String, Sink> sinks;
    private final PlannerSettings limits;
    private final Redactor redactor;

    public JobService(JobStore store, JobPlanner planner, Map<String, Sink> sinks, CoordinatorConfig config, Redactor redactor) {
        this.store = requireNonNull(store, "store");
        this.planner = requireNonNull(planner, "planner");
        this.sinks = requireNonNull(sinks, "sinks");
        this.limits = config.plan();
        this.redactor = requireNonNull(redactor, "redactor");
    }

    private String redact(String text) {
        return redactor.redact(text);
    }

    /**
     * Validates and plans the job, reserves its id and run folders, stores its plan in the sink, then queues all
     * its tasks at once. If this throws, no job exists and the sink is as it was.
     *
     * @throws JobConflictException another job is writing one of the run folders
     */
    public JobPlan submit(JobSpec spec) throws InvalidJobException, SQLException, JobConflictException {
        JobPlan planned = planner.plan(spec);
        refuseOverCapacity(planned.taskCount(), "tables");
        Sink sink = sinks.get(planned.sink());
        JobPlan plan = reserve(planned, sink);
        List<String> writers = writers(plan, sink);
        List<String> markersRemoved = new ArrayList<>();
        try {
            if (spec.mode() != WriteMode.OVERWRITE) {
                // a job that finished between planning and the reservation may have filled a folder meanwhile
                for (TablePlan table : plan.tables()) {
                    String folder = sink.layout().runFolder(table.output(), plan.run());
                    if (sink.store().holdsObjects(folder)) {
                        throw new InvalidJobException("run", sink.settings().uri(folder) + " already holds output; choose another run,"
                                + " or set \"mode\": \"overwrite\" to replace it");
                    }
                }
            }
            // the plan goes to the sink first, so a job can be resumed from the bucket if Redis ever loses it
            sink.store().writePlan(plan.jobId(), Json.writePretty(plan));
            if (spec.mode() == WriteMode.OVERWRITE) {
                for (TablePlan table : plan.tables()) {
                    // readers must not take a folder being rewritten for finished output
                    String folder = sink.layout().runFolder(table.output(), plan.run());
                    if (sink.store().isMarkedSuccess(folder)) {
                        sink.store().unmarkSuccess(folder);
                        markersRemoved.add(folder);
                    }
                }
            }
            store.create(plan, writers);
        } catch (InvalidJobException | RuntimeException e) {
            if (!createdAnyway(plan, e)) {
                undo(plan, sink, writers, markersRemoved);
                throw e;
            }
            LOG.infof("job %s: created, though the reply to its creation was lost (%s)", plan.jobId(), redact(String.valueOf(e.getMessage())));
        }
        LOG.infof("job %s: %d tasks over %s from %s into %s, run %s", plan.jobId(), plan.taskCount(),
                plan.tables().stream().map(t -> t.database() + "." + t.table() + " (" + t.taskCount() + ")").collect(Collectors.joining(", ")),
                plan.source(), plan.sink(), plan.run());
        return plan;
    }

    /** Reserves the plan's id (a fresh one if it is taken) and its run folders. */
    private JobPlan reserve(JobPlan plan, Sink sink) throws JobConflictException {
        JobPlan candidate = plan;
        for (int attempt = 1; attempt <= ID_ATTEMPTS; attempt++) {
            JobStore.Reservation reservation = store.reserve(candidate.jobId(), writers(candidate, sink), RESERVATION);
            switch (reservation.outcome()) {
                case RESERVED -> {
                    return candidate;
                }
                case FOLDER_BUSY -> throw busy(reservation.folderKey(), reservation.holder(), "run");
                case ID_TAKEN -> {
                    LOG.infof("job id %s is taken; drawing another", candidate.jobId());
                    candidate = candidate.withJobId(planner.newJobId());
                }
            }
        }
        throw new IllegalStateException("no free job id after " + ID_ATTEMPTS + " draws");
    }

    /**
     * Whether a submit that failed after its reservation created its job after all (the create landed, its reply
     * was lost). When Redis cannot tell, nothing is undone: if the job exists, its plan and removed markers must
     * stay as they are, so the answer names the job to look up.
     */
    private boolean createdAnyway(JobPlan plan, Exception cause) {
        try {
            return store.exists(plan.jobId());
        } catch (RuntimeException redisDown) {
            throw new JobOutcomeUnknownException(plan.jobId(), cause);
        }
    }

    /** Undoes a submit whose job was not created: markers put back, plan removed, reservation given back. */
    private void undo(JobPlan plan, Sink sink, List<String> writers, List<String> markersRemoved) {
        for (String folder : markersRemoved) {
            try {
                sink.store().markSuccess(folder);
            } catch (RuntimeException e) {
                LOG.errorf("job %s was not created, but %s could not be put back (%s); write an empty object there once the sink is up",
                        plan.jobId(), sink.settings().uri(SinkLayout.successKey(folder)), redact(String.valueOf(e.getMessage())));
            }
        }
        try {
            sink.store().deletePlan(plan.jobId());
        } catch (RuntimeException e) {
            LOG.infof("job %s was not created; its plan stays at %s (%s)", plan.jobId(), sink.settings().uri(sink.layout().planKey(plan.jobId())),
                    redact(String.valueOf(e.getMessage())));
        }
        try {
            store.unreserve(plan.jobId(), writers);
        } catch (RuntimeException e) {
            LOG.infof("job %s was not created; its reservation expires in %s", plan.jobId(), RESERVATION);
        }
    }

    /** {@link RedisKeys#writer} of every run folder the plan writes. */
    private List<String> writers(JobPlan plan, Sink sink) {
        return plan.tables().stream()
                .map(t -> store.keys().writer(sink.settings().bucket(), sink.layout().runFolder(t.output(), plan.run())))
                .toList();
    }

    private void refuseOverCapacity(long adding, String field) throws InvalidJobException {
        long limit = limits.maxActiveTasks();
        long active = store.activeTaskCount();
        if (active + adding > limit) {
            throw new InvalidJobException(field, "the active jobs hold " + active + " tasks, and " + adding + " more would pass the limit of "
                    + limit + " (extractor.plan.max-active-tasks); wait for jobs to finish, or raise the limit if Redis has the memory");
        }
    }

    private JobConflictException busy(String folderKey, String holder, String field) {
        String folder = folderKey.substring(folderKey.indexOf("writer:") + "writer:".length());
        return new JobConflictException(field, "job " + holder + " is writing s3://" + folder + " now; wait for it to finish or cancel it");
    }

    /** Submits the job's spec again into the same run folder, replacing its output when the new job succeeds. */
    public JobPlan rerun(JobRecord job) throws InvalidJobException, SQLException, JobConflictException {
        JobSpec old = job.plan().spec();
        return submit(new JobSpec(old.source(), old.sink(), job.plan().run(), WriteMode.OVERWRITE, old.maxAttempts(), old.tables()));
    }

    /**
     * Recreates a job Redis lost from the plan and parts in the sink; only the tasks without a part run again.
     * The stored plan is checked as strictly as a new spec, and the job takes its run folders back first.
     *
     * @param sinkName where the plan is, or null to look in every configured sink
     * @return the plan, or empty when no sink holds one for this job
     */
    public Optional<JobPlan> resume(String jobId, String sinkName) throws InvalidJobException, SQLException, JobConflictException {
        if (store.exists(jobId)) {
            throw new JobConflictException("id", "job " + jobId + " is still known; use POST /api/jobs/" + jobId + "/retry for its failed tasks");
        }
        if (store.isForgetting(jobId)) {
            throw new JobConflictException("id", "job " + jobId + " is being removed from Redis by retention; resume it again in a minute");
        }
        if (sinkName != null && !sinks.containsKey(sinkName)) {
            throw new InvalidJobException("sink", "unknown sink \"" + sinkName + "\"");
        }
        List<String> unreachable = new ArrayList<>();
        for (Sink sink : sinks.values()) {
            if (sinkName != null && !sink.settings().name().equals(sinkName)) {
                continue;
            }
            JobPlan plan;
            try {
                plan = JobResumer.storedPlan(sink, jobId);
            } catch (SinkException e) {
                // another sink may hold the plan; say which could not be asked only if none does
                unreachable.add(sink.settings().name() + " (" + redact(String.valueOf(e.getMessage())) + ")");
                continue;
            }
            if (plan == null) {
                continue;
            }
            if (!plan.sink().equals(sink.settings().name())) {
                throw new InvalidJobException("plan.sink", "the plan was found in sink " + sink.settings().name() + " but names sink " + plan.sink());
            }
            planner.verify(plan, jobId);
            refuseOverCapacity(plan.taskCount(), "plan.tables");
            List<String> writers = writers(plan, sink);
            JobStore.Reservation reservation = store.reserve(jobId, writers, RESERVATION);
            switch (reservation.outcome()) {
                case ID_TAKEN -> throw new JobConflictException("id", "job " + jobId + " is being resumed or created by another request");
                case FOLDER_BUSY -> throw busy(reservation.folderKey(), reservation.holder(), "plan.run");
                case RESERVED -> {
                }
            }
            int done;
            try {
                done = JobResumer.resume(store, sink, plan, writers);
            } catch (RuntimeException e) {
                if (!createdAnyway(plan, e)) {
                    try {
                        store.unreserve(jobId, writers);
                    } catch (RuntimeException redisDown) {
                        LOG.infof("job %s was not resumed; its reservation expires in %s", jobId, RESERVATION);
                    }
                    throw e;
                }
                done = (int) store.job(jobId).map(JobRecord::success).orElse(0L).longValue();
            }
            LOG.infof("job %s: resumed from %s; %d of %d tasks already have their part, %d queued", jobId,
                    sink.settings().uri(sink.layout().planKey(jobId)), done, plan.taskCount(), plan.taskCount() - done);
            return Optional.of(plan);
        }
        if (!unreachable.isEmpty()) {
            throw new SinkException(SinkException.Kind.UNREACHABLE, 0, "", "no reachable sink holds a plan for job " + jobId
                    + ", and these could not be asked: " + String.join("; ", unreachable), null);
        }
        return Optional.empty();
    }

    public Optional<JobRecord> job(String id) {
        return store.job(id);
    }

    /** Jobs, newest first. */
    public List<JobRecord> jobs(int offset, int limit) {
        return store.jobs(offset, limit);
    }

    public long jobCount() {
        return store.jobCount();
    }

    /** A page of a job's tasks in plan order, all of them or those in {@code state}; costs what it returns. */
    public List<TaskRecord> tasks(String jobId, TaskState state, int offset, int limit) {
        return state == null ? store.tasks(jobId, offset, limit) : store.tasks(jobId, state, offset, limit);
    }

    public long cancel(String jobId) {
        long dropped = store.cancel(jobId);
        if (dropped >= 0) {
            LOG.infof("job %s: cancelled by an operator; %d pending task(s) dropped, running ones stop at their next batch", jobId, dropped);
        }
        return dropped;
    }

    /**
     * Queues the job's failed tasks again.
     *
     * @return the tasks queued, or -1 when the job is cancelling or finishing
     * @throws JobConflictException another job writes one of the job's run folders now
     */
    public long retryFailed(JobRecord job) throws InvalidJobException, JobConflictException {
        if (!job.state().isActive()) {
            refuseOverCapacity(job.total(), "tables");
        }
        JobStore.Retry retry = store.retryFailed(job.id(), job.plan().maxAttempts());
        if (retry.folderBusy()) {
            throw busy(retry.busyFolderKey(), retry.holder(), "run");
        }
        if (retry.refused()) {
            return -1;
        }
        if (retry.requeued() > 0) {
            LOG.infof("job %s: %d failed task(s) queued again by an operator", job.id(), retry.requeued());
        }
        return retry.requeued();
    }
}
