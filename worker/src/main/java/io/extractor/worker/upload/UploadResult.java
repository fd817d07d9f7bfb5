package io.extractor.worker.upload;

import java.util.List;

/** A finished, not yet completed, multipart upload: nothing is visible in the bucket until it is completed. */
public record UploadResult(String key, String uploadId, List<String> etags, long bytes) {
    public UploadResult {
        etags = List.copyOf(etags);
    }
}
