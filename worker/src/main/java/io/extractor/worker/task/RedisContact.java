package io.extractor.worker.task;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether this worker's own Redis calls (claims, heartbeats) get through: the time since they started failing, if
 * they are failing now. The liveness probe holds it against {@code extractor.worker.redis-patience}.
 */
public final class RedisContact {
    private boolean failing;
    /** System.nanoTime() of the first failure since the last success. */
    private long failingSince;

    public synchronized void succeeded() {
        failing = false;
    }

    public synchronized void failed() {
        if (!failing) {
            failing = true;
            failingSince = System.nanoTime();
        }
    }

    /** How long calls have been failing without one success; empty while they succeed. */
    public synchronized Optional<Duration> lostFor() {
        return failing ? Optional.of(Duration.ofNanos(System.nanoTime() - failingSince)) : Optional.empty();
    }
}
