package io.extractor.queue;

import java.util.List;

/**
 * What a successful attempt wrote: a multipart upload that is not yet completed, so nothing is visible in the
 * sink until this report is accepted. Completing the upload afterwards publishes the part. A task whose range
 * held no rows writes no part (except a table's first task, so every table has its schema in the sink).
 *
 * @param rows     rows read from the source and written to the part
 * @param bytes    size of the Parquet object, 0 when no part was written
 * @param key      object key of the part, null when no part was written
 * @param uploadId multipart upload holding the part's bytes, null when no part was written
 * @param etags    ETags of the upload's pieces, in piece-number order
 */
public record PartReport(long rows, long bytes, String key, String uploadId, List<String> etags, long durationMillis) {
    public PartReport {
        etags = List.copyOf(etags);
        if ((key == null) != (uploadId == null) || (key != null && etags.isEmpty())) {
            throw new IllegalArgumentException("a part needs a key, an upload id and at least one uploaded piece");
        }
        if (key == null && rows != 0) {
            throw new IllegalArgumentException(rows + " rows were read but no part was written");
        }
    }

    public static PartReport none(long durationMillis) {
        return new PartReport(0, 0, null, null, List.of(), durationMillis);
    }

    public boolean hasPart() {
        return key != null;
    }
}
