package io.extractor.worker.task;

import io.extractor.queue.Lease;
import io.extractor.worker.extract.RangeReader;
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
        FAILED
    }

    final Lease lease;
    final AtomicLong rowsRead = new AtomicLong();
    private final Thread owner;
    private RangeReader reader;
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

    /** After this no stop can reach the owner thread, whose interrupt flag is then cleared for its next task. */
    synchronized void finish() {
        done = true;
        Thread.interrupted();
    }
}
