package io.extractor.coordinator.retention;

import io.extractor.coordinator.CoordinatorConfig;
import io.extractor.coordinator.Leadership;
import io.extractor.config.Redactor;
import io.extractor.queue.JobRetention;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps Redis from growing with every job ever run: finished jobs older than {@code retention.max-age}, or
 * beyond the newest {@code retention.max-jobs}, are removed from Redis (and the API). Their parts, manifests and
 * plans stay in the sink. Each pass does a bounded amount of work, so a backlog drains over a few passes rather
 * than in one long one; only the coordinator holding the lock does it.
 */
@Singleton
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** Jobs started per pass. */
    private static final int JOBS_PER_PASS = 100;
    /** Task keys deleted per pass, across jobs. */
    private static final int KEYS_PER_PASS = 20_000;
    private static final int KEYS_PER_CALL = 1000;

    private final JobRetention retention;
    private final Leadership leadership;
    private final Redactor redactor;
    private final CoordinatorConfig.Retention settings;

    public Retention(JobRetention retention, Leadership leadership, Redactor redactor, CoordinatorConfig config) {
        this.retention = retention;
        this.leadership = leadership;
        this.redactor = redactor;
        this.settings = config.coordinator().retention();
    }

    @Scheduled(every = "${extractor.coordinator.retention.interval:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!leadership.held()) {
                return;
            }
            pass(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warnf("retention: %s; trying again at the next pass", redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** One bounded pass; returns the jobs it started removing. */
    public int pass(long nowMillis) {
        List<String> due = retention.due(nowMillis, settings.maxAge(), settings.maxJobs(), JOBS_PER_PASS);
        int started = 0;
        for (String id : due) {
            if (retention.forget(id)) {
                started++;
            }
        }
        if (started > 0) {
            LOG.infof("retention: removing %d finished job(s) from Redis (older than %s or beyond the newest %d); their output stays in the sink",
                    started, settings.maxAge(), settings.maxJobs());
        }
        int budget = KEYS_PER_PASS;
        for (String id : retention.forgetting()) {
            while (budget > 0) {
                budget -= KEYS_PER_CALL;
                if (retention.sweep(id, KEYS_PER_CALL)) {
                    break;
                }
            }
            if (budget <= 0) {
                break;
            }
        }
        return started;
    }
}
