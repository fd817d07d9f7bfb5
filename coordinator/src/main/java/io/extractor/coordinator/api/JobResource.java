package io.extractor.coordinator.api;

import io.extractor.coordinator.JobConflictException;
import io.extractor.coordinator.JobService;
import io.extractor.coordinator.audit.AuditLog;
import io.extractor.coordinator.auth.Access;
import io.extractor.coordinator.auth.AccessDeniedException;
import io.extractor.coordinator.auth.NotAuthenticatedException;
import io.extractor.coordinator.auth.Role;
import io.extractor.config.Redactor;
import io.extractor.job.JobSpec;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.job.WriteMode;
import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.queue.JobRecord;
import io.extractor.sink.Sink;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The job API: submit, list, inspect, and the operator's cancel, retry, rerun and resume. Every list is a page,
 * and every page costs Redis what it returns, however large the job.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    static final int MAX_JOBS_PAGE = 500;
    static final int MAX_TASKS_PAGE = 1000;

    private final JobService jobs;
    private final Map<String, Sink> sinks;
    private final Redactor redactor;
    private final Access access;
    private final AuditLog audit;

    public JobResource(JobService jobs, Map<String, Sink> sinks, Redactor redactor, Access access, AuditLog audit) {
        this.jobs = jobs;
        this.sinks = sinks;
        this.redactor = redactor;
        this.access = access;
        this.audit = audit;
    }

    /**
     * Submits a job: an operator may, unless the spec filters rows ({@code where}) or replaces a run's output
     * ({@code "mode": "overwrite"}), which only an admin may.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobSpec spec, @Context HttpServerRequest request)
            throws InvalidJobException, SQLException, JobConflictException, NotAuthenticatedException, AccessDeniedException {
        Role needed = spec != null && needsAdmin(spec) ? Role.ADMIN : Role.OPERATOR;
        String action = needed == Role.ADMIN ? "submit a job with a where filter or mode overwrite" : "submit a job";
        String who = access.require(needed, action);
        access.requireGrants(needed, action, spec == null ? null : spec.source(), spec == null ? null : spec.sink());
        JobPlan plan = jobs.submit(spec);
        audit.record(AuditLog.Action.SUBMIT, plan.jobId(), who, request);
        return created(plan.jobId());
    }

    private static boolean needsAdmin(JobSpec spec) {
        boolean filtered = spec.tables() != null && spec.tables().stream().anyMatch(t -> t != null && t.where() != null && !t.where().isBlank());
        return filtered || spec.mode() == WriteMode.OVERWRITE;
    }

    /** Jobs, newest first; {@code X-Total-Count} is the number of jobs Redis holds. */
    @GET
    public Response list(@QueryParam("offset") String offset, @QueryParam("limit") String limit)
            throws BadRequestException, NotAuthenticatedException, AccessDeniedException {
        access.require(Role.VIEWER, "list jobs");
        int from = Params.integer("offset", offset, 0, 0, Integer.MAX_VALUE / 2);
        int count = Params.integer("limit", limit, 50, 1, MAX_JOBS_PAGE);
        List<JobView> page = jobs.jobs(from, count).stream().map(this::view).toList();
        return Response.ok(page).header("X-Total-Count", jobs.jobCount()).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) throws BadRequestException, NotAuthenticatedException, AccessDeniedException {
        access.require(Role.VIEWER, "read a job");
        return jobs.job(Params.jobId(id)).map(job -> Response.ok(view(job)).build()).orElseGet(() -> notFound(id));
    }

    /**
     * A page of the job's tasks in plan order, all of them or those in {@code state}; {@code X-Total-Count} is how
     * many there are in all.
     */
    @GET
    @Path("{id}/tasks")
    public Response tasks(@PathParam("id") String id, @QueryParam("state") String state, @QueryParam("offset") String offset,
                          @QueryParam("limit") String limit) throws BadRequestException, NotAuthenticatedException, AccessDeniedException {
        access.require(Role.VIEWER, "read a job's tasks");
        Params.jobId(id);
        TaskState filter = Params.taskState(state);
        int from = Params.integer("offset", offset, 0, 0, Integer.MAX_VALUE / 2);
        int count = Params.integer("limit", limit, 100, 1, MAX_TASKS_PAGE);
        JobRecord job = jobs.job(id).orElse(null);
        if (job == null) {
            return notFound(id);
        }
        long total = filter == null ? job.total() : switch (filter) {
            case PENDING -> job.pending();
            case PROGRESS -> job.progress();
            case SUCCESS -> job.success();
            case FAILED -> job.failed();
        };
        List<TaskView> tasks = jobs.tasks(id, filter, from, count).stream().map(t -> TaskView.of(t, redactor::redact)).toList();
        return Response.ok(tasks).header("X-Total-Count", total).build();
    }

    /** Drops the job's pending tasks (off the queue) and stops its running ones at their next batch. */
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id, @Context HttpServerRequest request)
            throws BadRequestException, NotAuthenticatedException, AccessDeniedException {
        String who = access.require(Role.OPERATOR, "cancel a job");
        JobRecord found = jobs.job(Params.jobId(id)).orElse(null);
        if (found == null) {
            return notFound(id);
        }
        access.requireGrants(Role.OPERATOR, "cancel a job", found.plan().source(), found.plan().sink());
        long dropped = jobs.cancel(id);
        if (dropped < 0) {
            return ErrorMappers.json(409, ErrorBody.of("job " + id + " is not running, so there is nothing to cancel"));
        }
        audit.record(AuditLog.Action.CANCEL, id, who, request);
        return Response.accepted(Map.of("job", id, "state", JobState.CANCELLING, "droppedTasks", dropped)).build();
    }

    /** Queues the job's FAILED tasks again, each with a fresh set of attempts. */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id, @Context HttpServerRequest request)
            throws BadRequestException, InvalidJobException, JobConflictException, NotAuthenticatedException, AccessDeniedException {
        String who = access.require(Role.OPERATOR, "retry a job's failed tasks");
        JobRecord job = jobs.job(Params.jobId(id)).orElse(null);
        if (job == null) {
            return notFound(id);
        }
        access.requireGrants(Role.OPERATOR, "retry a job's failed tasks", job.plan().source(), job.plan().sink());
        long count = jobs.retryFailed(job);
        if (count < 0) {
            return ErrorMappers.json(409, ErrorBody.of("job " + id + " is " + job.state() + "; retry once it has finished"));
        }
        audit.record(AuditLog.Action.RETRY, id, who, request);
        return Response.accepted(Map.of("job", id, "requeuedTasks", count)).build();
    }

    /** Runs the job's spec again into the same run folder; its output replaces the old one when the new job succeeds. */
    @POST
    @Path("{id}/rerun")
    public Response rerun(@PathParam("id") String id, @Context HttpServerRequest request)
            throws BadRequestException, InvalidJobException, SQLException, JobConflictException, NotAuthenticatedException, AccessDeniedException {
        String who = access.require(Role.OPERATOR, "rerun a job");
        JobRecord job = jobs.job(Params.jobId(id)).orElse(null);
        if (job == null) {
            return notFound(id);
        }
        access.requireGrants(Role.OPERATOR, "rerun a job", job.plan().source(), job.plan().sink());
        String rerun = jobs.rerun(job).jobId();
        audit.record(AuditLog.Action.RERUN, rerun, who, request, "rerun of " + id);
        return created(rerun);
    }

    /**
     * Brings back a job Redis lost (it restarted empty): its plan is read from the sink, checked like a new spec,
     * and only the tasks whose part is not there run again.
     */
    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id, @QueryParam("sink") String sink, @Context HttpServerRequest request)
            throws BadRequestException, InvalidJobException, SQLException, JobConflictException, NotAuthenticatedException, AccessDeniedException {
        String who = access.requireAllGrants(Role.ADMIN, "resume a job from the sink");
        Params.jobId(id);
        if (jobs.resume(id, sink).isEmpty()) {
            return ErrorMappers.json(404, ErrorBody.of("no sink" + (sink == null ? "" : " named " + sink) + " holds a plan for job " + id
                    + " (looked for _jobs/" + id + "/plan.json)"));
        }
        audit.record(AuditLog.Action.RESUME, id, who, request);
        return created(id);
    }

    /** Who submitted, cancelled, retried, reran or resumed the job, newest first. */
    @GET
    @Path("{id}/audit")
    public Response auditTrail(@PathParam("id") String id) throws BadRequestException, NotAuthenticatedException, AccessDeniedException {
        access.require(Role.VIEWER, "read a job's audit trail");
        if (jobs.job(Params.jobId(id)).isEmpty()) {
            return notFound(id);
        }
        return Response.ok(audit.trail(id)).build();
    }

    private Response created(String id) {
        // the job was created: if reading it back fails now, the answer must still say so
        Object body;
        try {
            body = jobs.job(id).<Object>map(this::view).orElse(Map.of("id", id));
        } catch (RuntimeException e) {
            body = Map.of("id", id, "note", "created; its details could not be read back just now");
        }
        return Response.created(URI.create("/api/jobs/" + id)).entity(body).build();
    }

    private JobView view(JobRecord job) {
        Sink sink = sinks.get(job.plan().sink());
        return JobView.of(job, sink == null ? null : sink.settings(), redactor::redact);
    }

    private static Response notFound(String id) {
        return ErrorMappers.json(404, ErrorBody.of("no job " + id));
    }
}
