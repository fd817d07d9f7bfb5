package io.extractor.coordinator.api;

import io.extractor.coordinator.JobService;
import io.extractor.job.JobSpec;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.queue.JobRecord;
import io.extractor.queue.TaskRecord;
import io.extractor.sink.Sink;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The job API: submit, list, inspect, and the operator's cancel, retry and rerun. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobSpec spec) throws InvalidJobException, SQLException {
        JobPlan plan = jobs.submit(spec);
        return Response.created(URI.create("/api/jobs/" + plan.jobId())).entity(view(jobs.job(plan.jobId()).orElseThrow())).build();
    }

    @GET
    public List<JobView> list(@QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        return jobs.jobs(Math.max(0, offset), Math.clamp(limit, 1, 500)).stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return jobs.job(id).map(job -> Response.ok(view(job)).build()).orElseGet(() -> notFound(id));
    }

    /** Tasks in plan order, optionally only those in {@code state}. */
    @GET
    @Path("{id}/tasks")
    public Response tasks(@PathParam("id") String id, @QueryParam("state") String state,
                          @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (jobs.job(id).isEmpty()) {
            return notFound(id);
        }
        TaskState filter = null;
        if (state != null && !state.isBlank()) {
            try {
                filter = TaskState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Response.status(400).entity(ErrorBody.of("state must be one of " + List.of(TaskState.values()) + ", not " + state)).build();
            }
        }
        TaskState wanted = filter;
        List<TaskView> tasks = jobs.tasks(id).stream()
                .filter(t -> wanted == null || t.state() == wanted)
                .skip(Math.max(0, offset))
                .limit(Math.clamp(limit, 1, 100_000))
                .map(t -> TaskView.of(t, jobs::redact))
                .toList();
        return Response.ok(tasks).build();
    }

    /** Drops the job's pending tasks and stops its running ones at their next batch. */
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        if (jobs.job(id).isEmpty()) {
            return notFound(id);
        }
        long dropped = jobs.cancel(id);
        if (dropped < 0) {
            return Response.status(409).entity(ErrorBody.of("job " + id + " is not running, so there is nothing to cancel")).build();
        }
        return Response.accepted(Map.of("job", id, "state", JobState.CANCELLING, "droppedTasks", dropped)).build();
    }

    /** Queues the job's FAILED tasks again, each with a fresh set of attempts. */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id) {
        JobRecord job = jobs.job(id).orElse(null);
        if (job == null) {
            return notFound(id);
        }
        long count = jobs.retryFailed(job);
        if (count < 0) {
            return Response.status(409).entity(ErrorBody.of("job " + id + " is " + job.state() + "; retry once it has finished")).build();
        }
        return Response.accepted(Map.of("job", id, "requeuedTasks", count)).build();
    }

    /** Runs the job's spec again into the same run folder; its output replaces the old one when the new job succeeds. */
    @POST
    @Path("{id}/rerun")
    public Response rerun(@PathParam("id") String id) throws InvalidJobException, SQLException {
        JobRecord job = jobs.job(id).orElse(null);
        if (job == null) {
            return notFound(id);
        }
        JobPlan plan = jobs.rerun(job);
        return Response.created(URI.create("/api/jobs/" + plan.jobId())).entity(view(jobs.job(plan.jobId()).orElseThrow())).build();
    }

    /**
     * Brings back a job Redis lost (it restarted empty): its plan is read from the sink and only the tasks whose
     * part is not there run again.
     */
    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id, @QueryParam("sink") String sink) {
        if (jobs.job(id).isPresent()) {
            return Response.status(409).entity(ErrorBody.of("job " + id + " is still known; use POST /api/jobs/" + id
                    + "/retry for its failed tasks")).build();
        }
        return jobs.resume(id, sink)
                .map(plan -> Response.created(URI.create("/api/jobs/" + id)).entity(view(jobs.job(id).orElseThrow())).build())
                .orElseGet(() -> Response.status(404).entity(ErrorBody.of("no sink" + (sink == null ? "" : " named " + sink)
                        + " holds a plan for job " + id + " (looked for _jobs/" + id + "/plan.json)")).build());
    }

    private JobView view(JobRecord job) {
        return JobView.of(job, jobs.sink(job.plan().sink()).map(Sink::settings).orElse(null), jobs::redact);
    }

    private static Response notFound(String id) {
        return Response.status(404).entity(ErrorBody.of("no job " + id)).build();
    }
}
