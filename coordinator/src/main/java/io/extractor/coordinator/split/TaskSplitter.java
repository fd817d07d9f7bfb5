package io.extractor.coordinator.split;

import io.extractor.config.Redactor;
import io.extractor.coordinator.CoordinatorConfig;
import io.extractor.coordinator.Leadership;
import io.extractor.plan.IdRange;
import io.extractor.plan.JobPlan;
import io.extractor.plan.PlannerSettings;
import io.extractor.plan.RangeCut;
import io.extractor.plan.TablePlan;
import io.extractor.queue.JobMaintenance;
import io.extractor.queue.JobRecord;
import io.extractor.queue.JobStore;
import io.extractor.queue.TaskRecord;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import io.extractor.source.TableInfo;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Work stealing across workers. When the queue is empty while some workers sit idle and tasks are still running,
 * the task with the most rows left is cut in two: the source's estimates place the cut about halfway through what its
 * attempt has not read yet, the coordinator proposes it in Redis, and the attempt, which alone knows whether it has
 * already read past the cut, agrees at its next heartbeat by ending its part there and queueing the rest as a new
 * task, which an idle worker claims. One proposal per idle worker per pass; a task too small to be worth a new part
 * and a source query ({@code extractor.split.min-rows}, {@code min-time}) is left alone.
 */
@Singleton
public class TaskSplitter {
    private static final Logger LOG = Logger.getLogger(TaskSplitter.class);
    /** A worker counts as idle if it found the queue empty this recently (workers poll every 500 ms by default). */
    private static final Duration IDLE_WITHIN = Duration.ofSeconds(5);
    /** Margin on the time an attempt reads on before it hears of a proposal and stops at the cut. */
    private static final Duration LEAD_MARGIN = Duration.ofMillis(500);
    /** Running tasks looked at per pass: every slot of a large pool. */
    private static final int MAX_RUNNING = 5000;
    private static final int MAX_CACHED_PLANS = 16;

    private final JobStore store;
    private final JobMaintenance maintenance;
    private final Leadership leadership;
    private final Map<String, SourceSettings> sources;
    private final CoordinatorConfig.Split settings;
    private final Duration statementTimeout;
    private final Redactor redactor;
    private final Map<String, JobPlan> plans = new HashMap<>();
    private boolean failing;

    public TaskSplitter(JobStore store, JobMaintenance maintenance, Leadership leadership, Map<String, SourceSettings> sources,
                        CoordinatorConfig config, Redactor redactor) {
        this.store = store;
        this.maintenance = maintenance;
        this.leadership = leadership;
        this.sources = sources;
        this.settings = config.split();
        this.statementTimeout = PlannerSettings.checked(config.plan()).statementTimeout();
        this.redactor = redactor;
    }

    @Scheduled(every = "${extractor.split.interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!settings.enabled()) {
            return;
        }
        try {
            if (!leadership.held()) {
                return;
            }
            int proposed = pass();
            if (failing) {
                LOG.info("splitter: working again");
                failing = false;
            }
            if (proposed > 0) {
                LOG.debugf("splitter: proposed %d split(s)", proposed);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("splitter: %s; no task is split until this clears", redactor.redact(String.valueOf(e.getMessage())));
                failing = true;
            }
        }
    }

    /** One look at the queue; returns the proposals made. */
    public int pass() {
        if (store.pendingLength() > 0 || store.delayedCount() > 0) {
            return 0; // work is waiting: idle workers will take it, nothing needs stealing
        }
        long idle = maintenance.idleWorkers(IDLE_WITHIN);
        if (idle == 0) {
            return 0;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (TaskRecord task : store.runningTasks(MAX_RUNNING)) {
            candidate(task).ifPresent(candidates::add);
        }
        candidates.sort(Comparator.comparingLong(Candidate::rowsLeft).reversed());
        plans.keySet().retainAll(candidates.stream().map(c -> c.task().ref().jobId()).toList());
        int proposed = 0;
        for (Candidate candidate : candidates) {
            if (proposed >= idle) {
                break;
            }
            if (propose(candidate)) {
                proposed++;
            }
        }
        return proposed;
    }

    /** A running task worth splitting, with its rows left by the best guess available before asking the source. */
    private record Candidate(TaskRecord task, TablePlan table, SourceSettings source, IdRange rest, long rowsLeft, double rowsPerMilli) {
    }

    private Optional<Candidate> candidate(TaskRecord task) {
        long elapsed = task.updatedAt() - task.claimedAt();
        if (task.splitAt() != null || task.rowsRead() <= 0 || elapsed <= 0) {
            return Optional.empty(); // a proposal is open, or the attempt has not reported progress yet
        }
        JobPlan plan = plan(task.ref().jobId());
        if (plan == null || task.ref().table() >= plan.tables().size()) {
            return Optional.empty();
        }
        TablePlan table = plan.table(task.ref().table());
        SourceSettings source = sources.get(plan.source());
        boolean idRead = table.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(table.idColumn()));
        if (source == null || !idRead) {
            return Optional.empty(); // without the id in its rows, an attempt cannot tell where it is
        }
        IdRange range = task.range();
        BigInteger from = task.readTo() == null ? range.lo() : task.readTo().add(BigInteger.ONE);
        if (from.compareTo(range.hi()) >= 0) {
            return Optional.empty();
        }
        long left;
        if (task.estimatedRows() != null) {
            left = Math.max(0, task.estimatedRows() - task.rowsRead());
        } else {
            // no estimate from planning: extrapolate the density read so far over the ids left
            BigInteger readWidth = from.subtract(range.lo()).max(BigInteger.ONE);
            double density = task.rowsRead() / readWidth.doubleValue();
            left = (long) Math.min(Long.MAX_VALUE / 2.0, density * range.hi().subtract(from).doubleValue());
        }
        double rate = (double) task.rowsRead() / elapsed;
        if (left < settings.minRows() || left / rate < settings.minTime().toMillis()) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(task, table, source, new IdRange(from, range.hi()), left, rate));
    }

    private boolean propose(Candidate candidate) {
        TaskRecord task = candidate.task();
        TablePlan table = candidate.table();
        IdRange rest = candidate.rest();
        // the attempt has read on since it reported readTo at its last heartbeat, and hears of the proposal at its next
        long beat = task.beatMillis() > 0 ? task.beatMillis() : 5_000;
        long sinceBeat = Math.clamp(System.currentTimeMillis() - task.updatedAt(), 0, beat);
        long lead = (long) (candidate.rowsPerMilli() * (sinceBeat + beat + LEAD_MARGIN.toMillis()));
        SourceDialect dialect = SourceDialect.of(candidate.source());
        int timeout = (int) Math.max(1, statementTimeout.toSeconds());
        Optional<RangeCut> cut;
        try (Connection connection = dialect.open(candidate.source(), statementTimeout)) {
            Catalog catalog = dialect.catalog(connection);
            Optional<TableInfo> info = catalog.table(table.database(), table.table());
            Optional<ColumnInfo> id = info.flatMap(t -> t.column(table.idColumn()));
            if (id.isEmpty()) {
                return false;
            }
            cut = RangeCut.find(rest, (double) lead / candidate.rowsLeft(), settings.maxEstimates(),
                    range -> catalog.estimateRows(info.get(), id.get(), range, table.idTypeMax(), timeout));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot estimate the rows left in task " + task.id() + " on source " + candidate.source().name()
                    + ": " + e.getMessage(), e);
        }
        if (cut.isEmpty()) {
            return false;
        }
        RangeCut at = cut.get();
        // the server's dives count rows roughly; share the task's own estimate of what is left in their proportion
        double share = (double) at.headRows() / (at.headRows() + at.tailRows());
        long head = Math.round(task.rowsRead() + candidate.rowsLeft() * share);
        long tail = Math.round(candidate.rowsLeft() * (1 - share));
        boolean proposed = maintenance.proposeSplit(task, at.cut(), head, tail);
        if (proposed) {
            LOG.infof("task %s: about %d rows left after id %s; proposed a split at id %s (%d estimate(s)) for an idle worker",
                    task.id(), candidate.rowsLeft(), task.readTo() == null ? "(none read yet)" : task.readTo(), at.cut(), at.queries());
        }
        return proposed;
    }

    private JobPlan plan(String jobId) {
        JobPlan plan = plans.get(jobId);
        if (plan == null) {
            plan = store.job(jobId).map(JobRecord::plan).orElse(null);
            if (plan != null) {
                if (plans.size() >= MAX_CACHED_PLANS) {
                    plans.clear();
                }
                plans.put(jobId, plan);
            }
        }
        return plan;
    }
}
