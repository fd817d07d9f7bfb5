package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Publishing and discarding multipart uploads. A part becomes visible only when its upload is completed, and only
 * the attempt whose commit Redis accepted is ever completed: that is how fenced attempts never show up.
 */
public final class Uploads {
    private final S3Client s3;
    private final String bucket;

    public Uploads(S3Client s3, String bucket) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
    }

    /**
     * Completes an upload, making its part visible. Idempotent: if the upload is gone because someone completed it
     * already, the object must exist with {@code expectedBytes}, else this fails.
     */
    public void complete(String key, String uploadId, List<String> etags, long expectedBytes) {
        List<CompletedPart> parts = new ArrayList<>(etags.size());
        for (int i = 0; i < etags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (NoSuchUploadException e) {
            alreadyCompleted(key, uploadId, expectedBytes, e);
        } catch (S3Exception e) {
            // some S3-compatible stores answer 404 with another code for a finished upload
            if (e.statusCode() != 404) {
                throw e;
            }
            alreadyCompleted(key, uploadId, expectedBytes, e);
        }
    }

    private void alreadyCompleted(String key, String uploadId, long expectedBytes, S3Exception cause) {
        long size;
        try {
            size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new IllegalStateException("upload " + uploadId + " of s3://" + bucket + "/" + key
                    + " is gone and the object does not exist: the part is lost; retry the job's failed tasks", cause);
        }
        if (size != expectedBytes) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " holds " + size + " bytes, but its committed upload "
                    + uploadId + " had " + expectedBytes + "; something else wrote this key");
        }
    }

    /** Discards an upload; one that is already gone is fine. */
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // already completed or aborted
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    /** An upload started and not yet completed or aborted. */
    public record Open(String key, String uploadId) {
    }

    /** Every upload still open under {@code prefix}, across all pages of the listing. */
    public List<Open> open(String prefix) {
        List<Open> open = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String keys = keyMarker;
            String ids = uploadIdMarker;
            var page = s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix).keyMarker(keys).uploadIdMarker(ids));
            page.uploads().stream()
                    .filter(u -> u.key().startsWith(prefix)) // not every S3-compatible store applies the prefix
                    .forEach(u -> open.add(new Open(u.key(), u.uploadId())));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return open;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }
}
