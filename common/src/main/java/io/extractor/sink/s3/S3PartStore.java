package io.extractor.sink.s3;

import static java.util.Objects.requireNonNull;

import io.extractor.sink.PartFile;
import io.extractor.sink.PartStore;
import io.extractor.sink.PartUpload;
import io.extractor.sink.SinkException;
import io.extractor.sink.SinkLayout;
import io.extractor.sink.SinkSettings;
import io.extractor.sink.UploadSettings;
import io.extractor.sink.UploadedPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link PartStore} on S3 or any S3-compatible store (MinIO, S3Proxy): parts are multipart uploads, published by
 * completing them. Every SDK exception leaves here as a {@link SinkException}.
 */
public final class S3PartStore implements PartStore {
    /**
     * For calls a person waits on (a submit, a resume): a sink that does not answer fails them within seconds,
     * where the client's defaults (made for uploads that ride out an outage) would keep the request for minutes.
     */
    private static final AwsRequestOverrideConfiguration INTERACTIVE = AwsRequestOverrideConfiguration.builder()
            .apiCallAttemptTimeout(Duration.ofSeconds(5))
            .apiCallTimeout(Duration.ofSeconds(12))
            .build();
    private static final String JSON = "application/json";

    private final S3Client s3;
    private final SinkSettings settings;
    private final String bucket;
    private final SinkLayout layout;

    private S3PartStore(S3Client s3, SinkSettings settings) {
        this.s3 = requireNonNull(s3, "s3");
        this.settings = requireNonNull(settings, "settings");
        this.bucket = settings.bucket();
        this.layout = settings.layout();
    }

    public static S3PartStore open(SinkSettings settings) {
        return new S3PartStore(S3Clients.create(settings), settings);
    }

    @Override
    public boolean holdsObjects(String folder) {
        return S3Errors.call("list " + settings.uri(folder),
                () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(folder).maxKeys(1).overrideConfiguration(INTERACTIVE)).keyCount() > 0);
    }

    @Override
    public boolean isMarkedSuccess(String folder) {
        return size(SinkLayout.successKey(folder), INTERACTIVE).isPresent();
    }

    @Override
    public void markSuccess(String folder) {
        put(SinkLayout.successKey(folder), "", INTERACTIVE);
    }

    @Override
    public void unmarkSuccess(String folder) {
        delete(SinkLayout.successKey(folder), INTERACTIVE);
    }

    @Override
    public void writeManifest(String folder, String json) {
        put(SinkLayout.manifestKey(folder), json, null);
    }

    @Override
    public List<StoredObject> list(String folder) {
        return S3Errors.call("list " + settings.uri(folder), () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents()) {
                objects.add(new StoredObject(object.key(), object.size()));
            }
            return objects;
        });
    }

    @Override
    public void delete(String key) {
        delete(key, null);
    }

    @Override
    public void writePlan(String jobId, String json) {
        put(layout.planKey(jobId), json, INTERACTIVE);
    }

    @Override
    public OptionalLong planSize(String jobId) {
        return size(layout.planKey(jobId), INTERACTIVE);
    }

    @Override
    public Optional<String> readPlan(String jobId) {
        String key = layout.planKey(jobId);
        try {
            return Optional.of(S3Errors.call("read " + settings.uri(key),
                    () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).overrideConfiguration(INTERACTIVE)).asUtf8String()));
        } catch (SinkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void deletePlan(String jobId) {
        delete(layout.planKey(jobId), INTERACTIVE);
    }

    @Override
    public PartUpload openPart(String key, UploadSettings upload, ExecutorService pieces, Consumer<String> onStarted) {
        return new S3PartUpload(s3, bucket, key, upload, pieces, onStarted);
    }

    @Override
    public void complete(UploadedPart part) {
        List<CompletedPart> pieces = new ArrayList<>(part.pieces().size());
        for (int i = 0; i < part.pieces().size(); i++) {
            pieces.add(CompletedPart.builder().partNumber(i + 1).eTag(part.pieces().get(i)).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(part.key()).uploadId(part.uploadId()).multipartUpload(m -> m.parts(pieces)));
        } catch (NoSuchUploadException e) {
            alreadyCompleted(part, e);
        } catch (S3Exception e) {
            // some S3-compatible stores answer 404 with another code for a finished upload
            if (e.statusCode() != 404) {
                throw S3Errors.translate("publish " + settings.uri(part.key()), e);
            }
            alreadyCompleted(part, e);
        } catch (SdkException e) {
            throw S3Errors.translate("publish " + settings.uri(part.key()), e);
        }
    }

    private void alreadyCompleted(UploadedPart part, S3Exception cause) {
        OptionalLong size = size(part.key(), null);
        if (size.isEmpty()) {
            throw new IllegalStateException("upload " + part.uploadId() + " of " + settings.uri(part.key())
                    + " is gone and the object does not exist: the part is lost; retry the job's failed tasks", cause);
        }
        if (size.getAsLong() != part.bytes()) {
            throw new IllegalStateException(settings.uri(part.key()) + " holds " + size.getAsLong() + " bytes, but its committed upload "
                    + part.uploadId() + " had " + part.bytes() + "; something else wrote this key");
        }
    }

    @Override
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // already completed or aborted
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw S3Errors.translate("abort upload " + uploadId + " of " + settings.uri(key), e);
            }
        } catch (SdkException e) {
            throw S3Errors.translate("abort upload " + uploadId + " of " + settings.uri(key), e);
        }
    }

    @Override
    public List<OpenUpload> openUploads(String folder) {
        return S3Errors.call("list open uploads under " + settings.uri(folder), () -> {
            List<OpenUpload> open = new ArrayList<>();
            String keyMarker = null;
            String uploadIdMarker = null;
            while (true) {
                String keys = keyMarker;
                String ids = uploadIdMarker;
                var page = s3.listMultipartUploads(b -> b.bucket(bucket).prefix(folder).keyMarker(keys).uploadIdMarker(ids));
                page.uploads().stream()
                        .filter(u -> u.key().startsWith(folder)) // not every S3-compatible store applies the prefix
                        .forEach(u -> open.add(new OpenUpload(u.key(), u.uploadId())));
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return open;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        });
    }

    @Override
    public PartFile.Read footer(StoredObject part) {
        String where = settings.uri(part.key());
        return PartFile.read(where, part.size(), (first, last) -> S3Errors.call("read the footer of " + where,
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(part.key()).range("bytes=" + first + "-" + last)).asByteArray()));
    }

    @Override
    public void close() {
        s3.close();
    }

    private OptionalLong size(String key, AwsRequestOverrideConfiguration timeouts) {
        try {
            return OptionalLong.of(S3Errors.call("look up " + settings.uri(key),
                    () -> s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts)).contentLength()));
        } catch (SinkException e) {
            if (S3Errors.isNotFound(e)) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    private void put(String key, String content, AwsRequestOverrideConfiguration timeouts) {
        S3Errors.run("write " + settings.uri(key), () -> s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(JSON).overrideConfiguration(timeouts), RequestBody.fromString(content)));
    }

    private void delete(String key, AwsRequestOverrideConfiguration timeouts) {
        S3Errors.run("delete " + settings.uri(key), () -> s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts)));
    }

    @Override
    public String toString() {
        return "S3PartStore[" + settings.uri(settings.prefix()) + "]";
    }
}
