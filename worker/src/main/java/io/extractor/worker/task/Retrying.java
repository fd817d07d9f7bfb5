package io.extractor.worker.task;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/** Repeats a Redis call through an outage (a restart, a failover) with capped exponential backoff. */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);

    private Retrying() {
    }

    /** Calls {@code call} until it succeeds or {@code patience} has passed; then rethrows the last failure. */
    static <T> T redis(String what, Duration patience, Supplier<T> call) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 100;
        while (true) {
            try {
                return call.get();
            } catch (JedisException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warnf("redis unavailable while trying to %s (%s); retrying in %d ms", what, e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
