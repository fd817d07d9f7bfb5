package io.extractor.queue;

import io.extractor.job.TaskState;
import io.extractor.plan.TaskRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One task as its Redis hash holds it. Times are epoch milliseconds of the Redis clock; 0 when unset.
 *
 * @param attempt   attempts spent (the current one while in PROGRESS)
 * @param rowsRead  rows streamed so far by the current attempt (progress), or the committed rows
 * @param completed whether the committed part's upload has been completed, i.e. the part is visible
 */
public record TaskRecord(
        TaskRef ref,
        TaskState state,
        int attempt,
        int maxAttempt,
        String lo,
        String hi,
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
        String lastError,
        long claimedAt,
        long updatedAt,
        long finishedAt,
        long leaseUntil) {

    public String id() {
        return ref.id();
    }

    static TaskRecord from(String id, Map<String, String> hash) {
        String etags = hash.getOrDefault("etags", "");
        return new TaskRecord(
                TaskRef.parse(id),
                TaskState.valueOf(hash.get("state")),
                intOf(hash, "attempt"),
                intOf(hash, "maxAttempt"),
                hash.get("lo"),
                hash.get("hi"),
                blankToNull(hash.get("worker")),
                longOf(hash, "rows"),
                longOf(hash, "bytes"),
                longOf(hash, "rowsRead"),
                blankToNull(hash.get("key")),
                blankToNull(hash.get("uploadId")),
                etags.isEmpty() ? List.of() : Arrays.asList(etags.split(",")),
                "1".equals(hash.get("completed")),
                longOf(hash, "durationMs"),
                blankToNull(hash.get("error")),
                blankToNull(hash.get("lastError")),
                longOf(hash, "claimedAt"),
                longOf(hash, "updatedAt"),
                longOf(hash, "finishedAt"),
                longOf(hash, "leaseUntil"));
    }

    static long longOf(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    static int intOf(Map<String, String> hash, String field) {
        return (int) longOf(hash, field);
    }

    static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
