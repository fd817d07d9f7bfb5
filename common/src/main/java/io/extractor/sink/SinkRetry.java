package io.extractor.sink;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Rides out a sink outage: repeats a call that failed for a reason time can fix ({@link SinkException#isTransient()}:
 * network, 5xx, throttling) with capped exponential backoff, for up to {@code patience}. A refusal (403, 404, a bad
 * request) is thrown at once. The client's own few quick retries come first; this covers outages of a minute or more.
 */
public final class SinkRetry {
    private static final Logger LOG = Logger.getLogger(SinkRetry.class);

    private SinkRetry() {
    }

    public static <T> T call(String what, Duration patience, Supplier<T> call) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 250;
        boolean warned = false;
        while (true) {
            try {
                T result = call.get();
                if (warned) {
                    LOG.infof("sink reachable again: %s succeeded", what);
                }
                return result;
            } catch (SinkException e) {
                if (!e.isTransient() || System.nanoTime() + pause * 1_000_000 > deadline || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (!warned) {
                    LOG.warnf("sink unavailable during %s (%s); retrying for up to %s", what, e.getMessage(), patience);
                    warned = true;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }
}
