package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a successful attempt wrote: a multipart upload that is not yet completed, so nothing is visible in the
 * sink until this report is accepted. Completing the upload afterwards publishes the part.
 *
 * @param rows     rows read from the source and written to the part
 * @param bytes    size of the Parquet object
 * @param key      object key of the part
 * @param uploadId multipart upload holding the part's bytes
 * @param etags    ETags of the upload's parts, in part-number order
 */
public record PartReport(long rows, long bytes, String key, String uploadId, List<String> etags, long durationMillis) {
    public PartReport {
        requireNonNull(key, "key");
        requireNonNull(uploadId, "uploadId");
        etags = List.copyOf(etags);
        if (etags.isEmpty()) {
            throw new IllegalArgumentException("a part needs at least one uploaded piece");
        }
    }
}
