package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * The answer to a heartbeat.
 *
 * @param splitAt for {@link Answer#SPLIT}, the id the coordinator asks the attempt to end its range at; null otherwise
 */
public record Heartbeat(Answer answer, BigInteger splitAt) {
    public enum Answer {
        /** The lease is renewed; carry on. */
        HELD,
        /** Another attempt holds the task now (or Redis lost it): stop, and never publish this attempt's output. */
        FENCED,
        /** The job is being cancelled: stop at the next batch and report the task failed. */
        CANCELLED,
        /** The lease is renewed, and an idle worker could take the rest of the range: answer with a split. */
        SPLIT
    }

    public static final Heartbeat HELD = new Heartbeat(Answer.HELD, null);
    public static final Heartbeat FENCED = new Heartbeat(Answer.FENCED, null);
    public static final Heartbeat CANCELLED = new Heartbeat(Answer.CANCELLED, null);

    public Heartbeat {
        requireNonNull(answer, "answer");
        if ((answer == Answer.SPLIT) != (splitAt != null)) {
            throw new IllegalArgumentException("a split proposal, and only one, carries the id to split at");
        }
    }

    public static Heartbeat split(BigInteger at) {
        return new Heartbeat(Answer.SPLIT, requireNonNull(at, "at"));
    }
}
