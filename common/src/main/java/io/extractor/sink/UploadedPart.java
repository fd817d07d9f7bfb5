package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A part uploaded but not yet completed: nothing is visible at {@code key} until {@link PartStore#complete}.
 *
 * @param pieces the store's tag of each piece, in order (S3's ETags)
 * @param bytes  the part's size
 */
public record UploadedPart(String key, String uploadId, List<String> pieces, long bytes) {
    public UploadedPart {
        requireNonNull(key, "key");
        requireNonNull(uploadId, "uploadId");
        pieces = List.copyOf(pieces);
    }
}
