package io.extractor.worker.task;

import io.extractor.plan.IdRange;
import io.extractor.queue.Lease;
import io.extractor.worker.extract.RangeBound;
import io.extractor.worker.extract.RangeReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handle on one running attempt that other threads use: heartbeats read its progress and stop it when the
 * lease is lost or the job cancelled; shutdown stops it when the grace period ends. Stopping aborts the source
 * connection and interrupts the pipeline, so a stop takes effect within one batch.
 */
final class TaskControl {
    enum Stop {
        /** Another attempt holds the task now: publish nothing, report nothing. */
        FENCED,
        /** The job is being cancelled: report the task failed. */
        CANCELLED,
        /** The worker is shutting down: hand the task back unspent. */
        SHUTDOWN,
        /** A stage of the pipeline failed: report the failure. */
        FAILED,
        /** The attempt ran past extractor.worker.task-timeout: report it, to be retried. */
        TIMEOUT
    }

    final Lease lease;
    final AtomicLong rowsRead = new AtomicLong();
    final long startedNanos = System.nanoTime();
    private final Thread owner;
    private RangeReader reader;
    private RangeBound bound;
    private final List<Future<?>> splits = new ArrayList<>();
    private Future<?> encoder;
    private Stop stop;
    private Throwable failure;
    private boolean done;

    TaskControl(Lease lease, Thread owner) {
        this.lease = lease;
        this.owner = owner;
    }

    synchronized void attach(RangeReader reader) {
        this.reader = reader;
        if (stop != null) {
            reader.abort();
        }
    }

    synchronized void attach(RangeBound bound) {
        this.bound = bound;
    }

    /** Passes a split proposal to the read; ignored before the read starts (the next heartbeat repeats it). */
    void propose(BigInteger cut) {
        RangeBound current;
        synchronized (this) {
            current = bound;
        }
        if (current != null) {
            current.propose(cut);
        }
    }

    /** The last id read, for heartbeats; null before the first batch. */
    synchronized BigInteger lastRead() {
        return bound == null ? null : bound.lastRead();
    }

    /** The range this attempt's part covers: the lease's, or less once a split was agreed. */
    synchronized IdRange range() {
        return bound == null ? lease.range() : bound.range();
    }

    /** Remembers the Redis side of an agreed split, which must land before the attempt commits. */
    synchronized void splitting(Future<?> split) {
        splits.add(split);
    }

    /** Waits for every agreed split to land in Redis; throws what made one fail. */
    void awaitSplits() throws Exception {
        List<Future<?>> pending;
        synchronized (this) {
            pending = List.copyOf(splits);
        }
        for (Future<?> split : pending) {
            try {
                split.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    synchronized void attach(Future<?> encoder) {
        this.encoder = encoder;
        if (stop != null) {
            encoder.cancel(true);
        }
    }

    /** Asks the attempt to stop; the first reason wins. */
    synchronized void stop(Stop reason, Throwable cause) {
        if (stop != null || done) {
            return;
        }
        stop = reason;
        failure = cause;
        if (reader != null) {
            reader.abort();
        }
        if (encoder != null) {
            encoder.cancel(true);
        }
        owner.interrupt();
    }

    synchronized Stop stopReason() {
        return stop;
    }

    synchronized Throwable failure() {
        return failure;
    }

    /**
     * Called on the owner thread once all output is written, before the commit: from here on a stop cannot
     * interrupt the thread (the commit itself is fenced, so a lost lease still shows there), and any interrupt
     * that raced with the end of the pipeline is cleared so it cannot break the commit and the publish.
     */
    synchronized void seal() {
        done = true;
        Thread.interrupted();
    }

    /** Called on the owner thread when the attempt is over, so its next task starts with a clear interrupt flag. */
    synchronized void finish() {
        seal();
    }
}
