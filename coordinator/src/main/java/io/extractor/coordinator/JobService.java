package io.extractor.coordinator;

import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.coordinator.resume.JobResumer;
import io.extractor.job.JobSpec;
import io.extractor.job.WriteMode;
import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.plan.JobPlanner;
import io.extractor.plan.PlannerSettings;
import io.extractor.plan.TablePlan;
import io.extractor.queue.JobRecord;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisKeys;
import io.extractor.queue.TaskRecord;
import io.extractor.sink.Sink;
import io.extractor.source.Redaction;
import io.extractor.source.SourceSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.core.sync.RequestBody;

/** The coordinator's operations on jobs, shared by the REST API, the finisher and the reaper. */
@Singleton
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final CoordinatorConfig config;
    private final RedisClient redis;
    private final JobStore store;
    private final Map<String, SourceSettings> sources = new HashMap<>();
    private final Map<String, Sink> sinks = new HashMap<>();
    private final JobPlanner planner;
    private final String instanceId;
    private final List<String> secrets = new ArrayList<>();

    public JobService(CoordinatorConfig config) {
        this.config = config;
        this.redis = RedisClients.create(config.redis().url(), 16);
        this.store = new JobStore(redis, new RedisKeys(config.redis().prefix()));
        for (Map.Entry<String, SourceConfig> source : config.sources().entrySet()) {
            SourceSettings settings = source.getValue().settings(source.getKey());
            sources.put(source.getKey(), settings);
            secrets.add(settings.password());
        }
        for (Map.Entry<String, SinkConfig> sink : config.sinks().entrySet()) {
            Sink opened = Sink.open(sink.getValue().settings(sink.getKey()));
            sinks.put(sink.getKey(), opened);
            opened.settings().secretKey().ifPresent(secrets::add);
        }
        CoordinatorConfig.Plan plan = config.plan();
        this.planner = new JobPlanner(sources, sinks,
                new PlannerSettings(plan.chunkSize(), plan.maxAttempts(), plan.maxTasksPerTable(), plan.tinyint1AsBoolean()), Clock.systemUTC());
        this.instanceId = config.coordinator().id().orElseGet(JobService::defaultId);
        LOG.infof("coordinator %s: queue %s (prefix %s); sources %s; sinks %s", instanceId, Redaction.url(config.redis().url()),
                config.redis().prefix(), sources.values().stream().map(s -> s.name() + "=" + Redaction.url(s.url())).toList(),
                sinks.values().stream().map(s -> s.settings().name() + "=" + s.settings().uri(s.settings().prefix())).toList());
    }

    public JobStore store() {
        return store;
    }

    public String instanceId() {
        return instanceId;
    }

    public Optional<Sink> sink(String name) {
        return Optional.ofNullable(sinks.get(name));
    }

    /** Removes known secrets from text bound for the API or a log. */
    public String redact(String text) {
        return Redaction.secrets(text, secrets);
    }

    /**
     * Validates and plans the job, then queues all its tasks at once. A refused job leaves nothing behind.
     */
    public synchronized JobPlan submit(JobSpec spec) throws InvalidJobException, SQLException {
        JobPlan plan = planner.plan(spec);
        refuseConcurrentWriter(plan);
        Sink sink = sinks.get(plan.sink());
        // the plan goes to the sink first, so a job can be resumed from the bucket if Redis ever loses it
        sink.s3().putObject(b -> b.bucket(sink.bucket()).key(sink.layout().planKey(plan.jobId())).contentType("application/json"),
                RequestBody.fromString(Json.writePretty(plan)));
        if (spec.mode() == WriteMode.OVERWRITE) {
            for (TablePlan table : plan.tables()) {
                // readers must not take a folder being rewritten for finished output
                sink.s3().deleteObject(b -> b.bucket(sink.bucket()).key(sink.layout().successKey(table.output(), plan.run())));
            }
        }
        store.create(plan);
        LOG.infof("job %s: %d tasks over %s from %s into %s, run %s", plan.jobId(), plan.taskCount(),
                plan.tables().stream().map(t -> t.database() + "." + t.table() + " (" + t.taskCount() + ")").collect(Collectors.joining(", ")),
                plan.source(), plan.sink(), plan.run());
        return plan;
    }

    /** Two jobs writing one run folder at once would interleave their parts; the second is refused. */
    private void refuseConcurrentWriter(JobPlan plan) throws InvalidJobException {
        for (String id : store.activeJobIds()) {
            Optional<JobRecord> other = store.job(id);
            if (other.isEmpty() || !other.get().plan().sink().equals(plan.sink()) || !other.get().plan().run().equals(plan.run())) {
                continue;
            }
            for (TablePlan mine : plan.tables()) {
                for (TablePlan theirs : other.get().plan().tables()) {
                    if (mine.output().equals(theirs.output())) {
                        throw new InvalidJobException("run", "job " + id + " is still writing " + mine.output() + "/run=" + plan.run()
                                + "; wait for it to finish or cancel it");
                    }
                }
            }
        }
    }

    /** Submits the job's spec again into the same run folder, replacing its output when the new job succeeds. */
    public JobPlan rerun(JobRecord job) throws InvalidJobException, SQLException {
        JobSpec old = job.plan().spec();
        return submit(new JobSpec(old.source(), old.sink(), job.plan().run(), WriteMode.OVERWRITE, old.maxAttempts(), old.tables()));
    }

    /**
     * Recreates a job Redis lost from the plan and parts in the sink; only the tasks without a part run again.
     *
     * @param sinkName where the plan is, or null to look in every configured sink
     * @return the plan, or empty when no sink holds one for this job
     */
    public synchronized Optional<JobPlan> resume(String jobId, String sinkName) {
        for (Sink sink : sinks.values()) {
            if (sinkName != null && !sink.settings().name().equals(sinkName)) {
                continue;
            }
            JobPlan plan = JobResumer.storedPlan(sink, jobId);
            if (plan != null) {
                int done = JobResumer.resume(store, sink, plan);
                LOG.infof("job %s: resumed from %s; %d of %d tasks already have their part, %d queued", jobId,
                        sink.settings().uri(sink.layout().planKey(jobId)), done, plan.taskCount(), plan.taskCount() - done);
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }

    public Optional<JobRecord> job(String id) {
        return store.job(id);
    }

    public List<JobRecord> jobs(int offset, int limit) {
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : store.jobIds(offset, limit)) {
            store.job(id).ifPresent(jobs::add);
        }
        return jobs;
    }

    public List<TaskRecord> tasks(String jobId) {
        return store.allTasks(jobId);
    }

    public long cancel(String jobId) {
        long dropped = store.cancel(jobId);
        if (dropped >= 0) {
            LOG.infof("job %s: cancelled by an operator; %d pending task(s) dropped, running ones stop at their next batch", jobId, dropped);
        }
        return dropped;
    }

    public long retryFailed(JobRecord job) {
        long count = store.retryFailed(job.id(), job.plan().maxAttempts());
        if (count > 0) {
            LOG.infof("job %s: %d failed task(s) queued again by an operator", job.id(), count);
        }
        return count;
    }

    private static String defaultId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (Exception e) {
            return "coordinator-" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }

    @PreDestroy
    void close() {
        sinks.values().forEach(Sink::close);
        redis.close();
    }
}
