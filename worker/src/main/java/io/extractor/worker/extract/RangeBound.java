package io.extractor.worker.extract;

import static java.util.Objects.requireNonNull;

import io.extractor.plan.IdRange;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where a running read ends, and how a split moves that end. Rows arrive in id order, so the reading thread is the
 * only one that can tell whether a proposed cut is still ahead of it: a proposal from the heartbeat thread is only
 * posted here, and the reader decides it before the next row. Agreeing lowers the end to the cut, after which every
 * row at or past it ends the read; the caller then makes the split in Redis. Until a proposal comes, a row costs
 * two volatile reads.
 */
public final class RangeBound {
    /** Told on the reading thread what became of a proposal; must not block. */
    @FunctionalInterface
    public interface Decisions {
        void decided(BigInteger cut, boolean accepted);
    }

    private final BigInteger lo;
    private final int idIndex;
    private final Decisions decisions;
    private volatile BigInteger end;
    private volatile BigInteger proposal;
    private volatile boolean lowered;
    private volatile BigInteger lastRead;
    private BigInteger lastDecided;
    private boolean finished;

    /**
     * @param idIndex the id column's position in the result set, from 1; 0 when the id is not read, and no split is
     *                ever agreed to
     */
    public RangeBound(IdRange range, int idIndex, Decisions decisions) {
        this.lo = range.lo();
        this.end = range.hi();
        this.idIndex = idIndex;
        this.decisions = requireNonNull(decisions, "decisions");
    }

    /** The range the read covers: the lease's, or shorter after an agreed split. Final once {@link #finish} was called. */
    public IdRange range() {
        return new IdRange(lo, end);
    }

    /** The last id read at a batch boundary, for heartbeats; null before the first batch. */
    public BigInteger lastRead() {
        return lastRead;
    }

    /** Posts a proposal from another thread; one already decided (a heartbeat repeats it until the split lands) is ignored. */
    public synchronized void propose(BigInteger cut) {
        requireNonNull(cut, "cut");
        if (cut.equals(lastDecided) || cut.equals(proposal)) {
            return;
        }
        if (finished || idIndex == 0 || proposal != null) {
            decide(cut, false);
            return;
        }
        proposal = cut;
    }

    /** On the reading thread, before each row is taken: false when the row lies past the end, which ends the read. */
    public boolean admit(ResultSet rs) throws SQLException {
        if (proposal == null && !lowered) {
            return true;
        }
        synchronized (this) {
            BigInteger id = new BigInteger(rs.getString(idIndex));
            BigInteger cut = proposal;
            if (cut != null) {
                proposal = null;
                boolean ahead = id.compareTo(cut) < 0 && cut.compareTo(lo) > 0 && cut.compareTo(end) < 0;
                if (ahead) {
                    end = cut;
                    lowered = true;
                }
                decide(cut, ahead);
            }
            return !lowered || id.compareTo(end) < 0;
        }
    }

    /** On the reading thread at a batch boundary: the row just taken is the last read. */
    public void read(ResultSet rs) throws SQLException {
        if (idIndex > 0) {
            lastRead = new BigInteger(rs.getString(idIndex));
        }
    }

    /** The read is over: a proposal still open, or any later one, is declined, and {@link #range} is final. */
    public synchronized void finish() {
        finished = true;
        if (proposal != null) {
            BigInteger cut = proposal;
            proposal = null;
            decide(cut, false);
        }
    }

    private void decide(BigInteger cut, boolean accepted) {
        lastDecided = cut;
        decisions.decided(cut, accepted);
    }
}
