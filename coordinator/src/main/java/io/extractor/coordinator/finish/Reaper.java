package io.extractor.coordinator.finish;

import io.extractor.coordinator.CoordinatorConfig;
import io.extractor.coordinator.Leadership;
import io.extractor.queue.JobMaintenance;
import io.extractor.source.SourceSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Returns tasks whose worker stopped heartbeating (killed, crashed, partitioned) to the queue, and keeps each
 * source's cap on concurrent tasks ({@code max-streams}) in Redis for the claim script. After Redis was
 * unreachable it waits a grace period before reaping: every lease looks expired then, and the workers, which
 * kept streaming through the outage, need one heartbeat to renew theirs.
 */
@Singleton
public class Reaper {
    private static final Logger LOG = Logger.getLogger(Reaper.class);

    private final JobMaintenance maintenance;
    private final Leadership leadership;
    private final Duration grace;
    private final Map<String, Integer> streamCaps;
    private boolean redisDown;
    private long reapAfter;

    public Reaper(JobMaintenance maintenance, Leadership leadership, CoordinatorConfig config, Map<String, SourceSettings> sources) {
        this.maintenance = maintenance;
        this.leadership = leadership;
        this.grace = config.coordinator().reapGrace();
        Map<String, Integer> caps = new java.util.HashMap<>();
        sources.forEach((name, source) -> caps.put(name, source.maxStreams()));
        this.streamCaps = Map.copyOf(caps);
    }

    @Scheduled(every = "${extractor.coordinator.reap-interval:2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!leadership.held()) {
                return;
            }
            // every pass, so a Redis that restarted empty has the caps again before the next claim of a resumed job
            maintenance.publishStreamCaps(streamCaps);
            if (redisDown) {
                redisDown = false;
                reapAfter = System.currentTimeMillis() + grace.toMillis();
                LOG.infof("reaper: Redis is back; leases get %s to be renewed before any is taken as expired", grace);
            }
            if (System.currentTimeMillis() < reapAfter) {
                return;
            }
            Map<String, String> handled = maintenance.expireLeases(1000);
            handled.forEach((task, state) -> LOG.warnf("task %s: lease expired, its worker stopped reporting; now %s", task, state));
        } catch (RuntimeException e) {
            if (!redisDown) {
                LOG.warnf("reaper: Redis unreachable (%s); leases are not checked until it is back", e.getMessage());
            }
            redisDown = true;
        }
    }
}
