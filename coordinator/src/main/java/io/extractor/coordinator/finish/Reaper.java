package io.extractor.coordinator.finish;

import io.extractor.coordinator.JobService;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/** Returns tasks whose worker stopped heartbeating (killed, crashed, partitioned) to the queue. */
@Singleton
public class Reaper {
    private static final Logger LOG = Logger.getLogger(Reaper.class);

    private final JobService jobs;

    public Reaper(JobService jobs) {
        this.jobs = jobs;
    }

    @Scheduled(every = "${extractor.coordinator.reap-interval:2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!jobs.store().lead(jobs.instanceId(), Duration.ofSeconds(15))) {
                return;
            }
            Map<String, String> handled = jobs.store().expireLeases(1000);
            handled.forEach((task, state) -> LOG.warnf("task %s: lease expired, its worker stopped reporting; now %s", task, state));
        } catch (RuntimeException e) {
            LOG.warnf("reaper: %s; trying again shortly", e.getMessage());
        }
    }
}
