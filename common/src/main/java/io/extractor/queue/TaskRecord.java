package io.extractor.queue;

import io.extractor.job.FailureKind;
import io.extractor.job.TaskState;
import io.extractor.plan.IdRange;
import io.extractor.plan.TaskRef;
import io.extractor.queue.RedisKeys.TaskField;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One task as its Redis hash holds it. Times are epoch milliseconds of the Redis clock; 0 when unset.
 *
 * @param range     the ids the task reads, {@code [lo, hi)}; {@code [0, 0)} for an empty table
 * @param attempt   attempts spent (the current one while in PROGRESS)
 * @param rowsRead  rows streamed so far by the current attempt (progress), or the committed rows
 * @param completed whether the committed part's upload has been completed, i.e. the part is visible
 * @param errorKind kind of {@code error}; null when there is no error (or it predates failure kinds)
 * @param estimatedRows the source's estimate of the range's rows at planning time (or at its last split); null when
 *                      the table was split uniformly
 * @param token     fencing token of the current (or last) claim
 * @param readTo    the last id the running attempt reported having read; null before its first batch
 * @param beatMillis time between the running attempt's heartbeats; 0 before its first
 * @param splitAt   an open split proposal's cut; null when none
 * @param splitFrom the task this one was split from; null for a planned task
 * @param splits    times this task's range was cut while it ran
 */
public record TaskRecord(
        TaskRef ref,
        TaskState state,
        int attempt,
        int maxAttempt,
        IdRange range,
        String worker,
        long rows,
        long bytes,
        long rowsRead,
        String key,
        String uploadId,
        List<String> etags,
        boolean completed,
        long durationMillis,
        String error,
        FailureKind errorKind,
        String lastError,
        FailureKind lastErrorKind,
        long claimedAt,
        long updatedAt,
        long finishedAt,
        long leaseUntil,
        Long estimatedRows,
        long token,
        BigInteger readTo,
        long beatMillis,
        BigInteger splitAt,
        String splitFrom,
        int splits) {

    public String id() {
        return ref.id();
    }

    static TaskRecord from(String id, Map<String, String> hash) {
        String etags = string(hash, TaskField.ETAGS);
        return new TaskRecord(
                TaskRef.parse(id),
                TaskState.valueOf(hash.get(TaskField.STATE.field())),
                (int) longOf(hash, TaskField.ATTEMPT),
                (int) longOf(hash, TaskField.MAX_ATTEMPT),
                range(hash.get(TaskField.LO.field()), hash.get(TaskField.HI.field())),
                blankToNull(string(hash, TaskField.WORKER)),
                longOf(hash, TaskField.ROWS),
                longOf(hash, TaskField.BYTES),
                longOf(hash, TaskField.ROWS_READ),
                blankToNull(string(hash, TaskField.KEY)),
                blankToNull(string(hash, TaskField.UPLOAD_ID)),
                etags.isEmpty() ? List.of() : Arrays.asList(etags.split(",")),
                "1".equals(hash.get(TaskField.COMPLETED.field())),
                longOf(hash, TaskField.DURATION_MS),
                blankToNull(string(hash, TaskField.ERROR)),
                kind(string(hash, TaskField.ERROR_KIND)),
                blankToNull(string(hash, TaskField.LAST_ERROR)),
                kind(string(hash, TaskField.LAST_ERROR_KIND)),
                longOf(hash, TaskField.CLAIMED_AT),
                longOf(hash, TaskField.UPDATED_AT),
                longOf(hash, TaskField.FINISHED_AT),
                longOf(hash, TaskField.LEASE_UNTIL),
                blankToNull(string(hash, TaskField.EST_ROWS)) == null ? null : Long.valueOf(hash.get(TaskField.EST_ROWS.field())),
                longOf(hash, TaskField.TOKEN),
                integer(string(hash, TaskField.READ_TO)),
                longOf(hash, TaskField.BEAT_MS),
                integer(string(hash, TaskField.SPLIT_AT)),
                blankToNull(string(hash, TaskField.SPLIT_FROM)),
                (int) longOf(hash, TaskField.SPLITS));
    }

    /** A range as the task hash and the claim's answer hold it: two decimals, blank for an empty table. */
    static IdRange range(String lo, String hi) {
        return new IdRange(lo == null || lo.isEmpty() ? BigInteger.ZERO : new BigInteger(lo),
                hi == null || hi.isEmpty() ? BigInteger.ZERO : new BigInteger(hi));
    }

    private static BigInteger integer(String value) {
        return value.isEmpty() ? null : new BigInteger(value);
    }

    private static FailureKind kind(String label) {
        return label.isEmpty() ? null : FailureKind.ofLabel(label);
    }

    private static String string(Map<String, String> hash, TaskField field) {
        return hash.getOrDefault(field.field(), "");
    }

    private static long longOf(Map<String, String> hash, TaskField field) {
        return longOf(hash, field.field());
    }

    static long longOf(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
