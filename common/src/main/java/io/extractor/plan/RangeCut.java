package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where to cut what is left of a running task so that an idle worker gets about half of it, by the source's
 * estimates, never by reading rows. The rest is bisected by id, comparing the estimate before a candidate cut with
 * the estimate after it: InnoDB's dives are rough for wide ranges (a fourth of the rows, or twice them) and close for
 * narrow ones, so comparing two ranges of about equal size cancels most of that, where comparing one of them with
 * half the whole would not. The running attempt keeps reading while the proposal travels to it, so the cut leaves it
 * at least a {@code leadShare} of the rest.
 *
 * @param cut      the first id of the new task
 * @param headRows estimated rows from where the attempt was to the cut (as the source estimates them)
 * @param tailRows estimated rows from the cut to the end of the range (as the source estimates them)
 * @param queries  estimates asked for
 */
public record RangeCut(BigInteger cut, long headRows, long tailRows, int queries) {
    /** The attempt would be past any cut worth making. */
    static final double MAX_LEAD_SHARE = 0.8;

    public RangeCut {
        requireNonNull(cut, "cut");
    }

    /**
     * The cut of {@code rest} (what the attempt has not read yet), or empty when the server gives no estimate, the
     * range is too narrow to cut, or the lead leaves too little to be worth a task.
     *
     * @param leadShare  share of the rest the attempt reads before it learns of the cut
     * @param maxQueries estimates asked for at most, two per step
     */
    public static Optional<RangeCut> find(IdRange rest, double leadShare, int maxQueries, RowEstimates estimates) throws SQLException {
        requireNonNull(rest, "rest");
        requireNonNull(estimates, "estimates");
        if (maxQueries < 2 || leadShare >= MAX_LEAD_SHARE || rest.hi().subtract(rest.lo()).compareTo(BigInteger.TWO) < 0) {
            return Optional.empty();
        }
        double want = Math.max(0.5, leadShare);
        // invariant: the head's share is below want at `below` and at least want at `above` (the range's end)
        BigInteger below = rest.lo().add(BigInteger.ONE);
        BigInteger above = rest.hi();
        long headAtAbove = -1;
        long tailAtAbove = 0;
        int queries = 0;
        while (queries + 2 <= maxQueries && above.subtract(below).compareTo(BigInteger.ONE) > 0) {
            BigInteger mid = below.add(above).shiftRight(1);
            OptionalLong head = estimates.rows(new IdRange(rest.lo(), mid));
            OptionalLong tail = estimates.rows(new IdRange(mid, rest.hi()));
            queries += 2;
            if (head.isEmpty() || tail.isEmpty()) {
                return Optional.empty();
            }
            long sum = head.getAsLong() + tail.getAsLong();
            if (sum == 0) {
                return Optional.empty(); // the server sees no rows left: nothing to give away
            }
            if ((double) head.getAsLong() / sum < want) {
                below = mid;
            } else {
                above = mid;
                headAtAbove = head.getAsLong();
                tailAtAbove = tail.getAsLong();
            }
        }
        if (headAtAbove < 0 || tailAtAbove == 0) {
            return Optional.empty(); // every cut tried left the attempt too little, or the new task nothing
        }
        return Optional.of(new RangeCut(above, headAtAbove, tailAtAbove, queries));
    }
}
