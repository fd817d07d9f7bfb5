package io.extractor.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One dependency's health, as a probe asks for it: never more than one check of it runs at a time, a result is
 * kept for {@code fresh} so probes every few seconds do not open a connection each, and a probe waits at most
 * {@code timeout}: a dependency that accepts a connection and never answers is reported down within that time,
 * while its check runs on in the background until its own client gives up. What a probe is told is a short reason
 * with no host, user or secret; the whole story goes to the log, once per change.
 */
public final class TimedCheck {
    private static final Logger LOG = Logger.getLogger(TimedCheck.class);

    /** Runs the check; returns when the dependency is usable, throws when not. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    /**
     * @param reason why the dependency is down, short, safe to show anyone; empty when up
     * @param detail for the log (may name hosts, never secrets); empty when up
     */
    public record Result(boolean up, String reason, String detail) {
        public Result {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }

        public static Result ok() {
            return new Result(true, "", "");
        }

        public static Result down(String reason, String detail) {
            return new Result(false, reason, detail);
        }
    }

    private final String name;
    private final Probe probe;
    private final Function<Exception, Result> explain;
    private final Duration fresh;
    private final Duration timeout;
    private Result last;
    private long lastAt;
    private CompletableFuture<Result> running;
    private boolean reportedDown;

    /**
     * @param name    what is checked ({@code redis}, {@code source db}), for the log
     * @param explain the down result for a failure of the probe: a short reason, and the detail for the log
     * @param fresh   how long a result is reused; zero: every probe not overlapping a running check starts one
     * @param timeout longest a probe waits for a running check before it is answered down
     */
    public TimedCheck(String name, Probe probe, Function<Exception, Result> explain, Duration fresh, Duration timeout) {
        this.name = requireNonNull(name, "name");
        this.probe = requireNonNull(probe, "probe");
        this.explain = requireNonNull(explain, "explain");
        this.fresh = requireNonNull(fresh, "fresh");
        this.timeout = requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + ": the check's timeout must be positive, got " + timeout);
        }
    }

    public String name() {
        return name;
    }

    /** The latest result if fresh, else the running or a new check's, or "no answer" once {@code timeout} has passed. */
    public CompletionStage<Result> result() {
        CompletableFuture<Result> check;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAt < fresh.toNanos()) {
                return CompletableFuture.completedFuture(last);
            }
            if (running == null) {
                running = start();
            }
            check = running;
        }
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return check.copy().completeOnTimeout(Result.down("no answer within " + within,
                name + " gave no answer within " + timeout + "; the check goes on in the background"), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<Result> start() {
        CompletableFuture<Result> check = new CompletableFuture<>();
        // a virtual thread per check: at most one per dependency runs at once, and none keeps the process alive
        Thread.ofVirtual().name("health-" + name).start(() -> {
            Result result;
            try {
                probe.run();
                result = Result.ok();
            } catch (Exception e) {
                result = explain.apply(e);
            }
            finished(result);
            check.complete(result);
        });
        return check;
    }

    private synchronized void finished(Result result) {
        last = result;
        lastAt = System.nanoTime();
        running = null;
        if (!result.up() && !reportedDown) {
            LOG.warnf("health: %s is down: %s", name, result.detail());
            reportedDown = true;
        } else if (result.up() && reportedDown) {
            LOG.infof("health: %s is up again", name);
            reportedDown = false;
        }
    }
}
