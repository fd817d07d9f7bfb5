package io.extractor.coordinator;

import static java.util.Objects.requireNonNull;

import io.extractor.queue.JobMaintenance;
import java.time.Duration;

/**
 * The coordinator lock: of several replicas, only the one holding it reaps leases, finishes jobs and applies
 * retention. Each scheduled pass asks first; the lock lapses when its holder stops asking.
 */
public final class Leadership {
    /** Longer than any pass interval, so the holder keeps the lock while it runs. */
    private static final Duration TTL = Duration.ofSeconds(15);

    private final Replica replica;
    private final JobMaintenance maintenance;

    public Leadership(Replica replica, JobMaintenance maintenance) {
        this.replica = requireNonNull(replica, "replica");
        this.maintenance = requireNonNull(maintenance, "maintenance");
    }

    /** Whether this replica holds the lock now, taking it if it is free; a Redis failure is thrown. */
    public boolean held() {
        return maintenance.lead(replica.id(), TTL);
    }
}
