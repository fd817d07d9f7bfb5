package io.extractor.sink;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Rides out a sink outage: repeats an S3 call that failed for a reason time can fix (network, 5xx, throttling)
 * with capped exponential backoff, for up to {@code patience}. A refusal (403, 404, a bad request) is thrown at
 * once. The SDK's own few quick retries come first; this covers outages of a minute or more.
 */
public final class SinkRetry {
    private static final Logger LOG = Logger.getLogger(SinkRetry.class);

    private SinkRetry() {
    }

    public static boolean isTransient(Throwable error) {
        if (error instanceof AbortedException) {
            return false; // our own interrupt: the task is being stopped
        }
        if (error instanceof S3Exception s3) {
            int status = s3.statusCode();
            return status >= 500 || status == 429 || status == 408;
        }
        return error instanceof SdkClientException;
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
            } catch (RuntimeException e) {
                if (!isTransient(e) || System.nanoTime() + pause * 1_000_000 > deadline || Thread.currentThread().isInterrupted()) {
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
