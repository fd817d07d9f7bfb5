package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Where a sink's objects live, as the extractor uses them: run folders with their parts, markers and manifests,
 * the stored plans, and the parts' uploads, which stay invisible until completed. {@code io.extractor.sink.s3}
 * implements it for S3 and S3-compatible stores; a second kind of store is a second implementation beside it,
 * chosen in {@link Sink#open}. Keys and folders come from {@link SinkLayout}, part names and footers from
 * {@link PartFile}.
 *
 * <p>A store that cannot be reached, or refuses a call, throws {@link SinkException}, never its client library's
 * exceptions (those are its cause). Calls marked <em>interactive</em> serve a person waiting (a submit, a resume)
 * and give up within seconds when the store does not answer; the others ride out a slow store.
 */
public interface PartStore extends AutoCloseable {

    // ---- run folders (keys end in '/')

    /** Whether any object lies under {@code folder}; interactive. */
    boolean holdsObjects(String folder);

    /** Whether the folder's {@code _SUCCESS} marker is there; interactive. */
    boolean isMarkedSuccess(String folder);

    /** Writes the folder's (empty) {@code _SUCCESS} marker; interactive. */
    void markSuccess(String folder);

    /** Deletes the folder's {@code _SUCCESS} marker, if any; interactive. */
    void unmarkSuccess(String folder);

    /** Writes the folder's {@code _manifest.json}. */
    void writeManifest(String folder, String json);

    /** Every object under {@code folder} with its size, across all pages of the listing. */
    List<StoredObject> list(String folder);

    /** Deletes one object; one already gone is fine. */
    void delete(String key);

    // ---- stored plans

    /** Stores the job's plan; interactive. */
    void writePlan(String jobId, String json);

    /** The size of the job's stored plan, or empty when there is none; interactive. */
    OptionalLong planSize(String jobId);

    /** The job's stored plan, or empty when there is none; interactive. */
    Optional<String> readPlan(String jobId);

    /** Deletes the job's stored plan, if any; interactive. */
    void deletePlan(String jobId);

    // ---- parts

    /**
     * Starts the upload of a part. Nothing is visible at {@code key} until {@link #complete} publishes it, and only
     * the attempt whose commit Redis accepted is ever completed: that is how fenced attempts never show up.
     *
     * @param pieces    runs the uploads of the pieces, so writing and uploading overlap
     * @param onStarted told the upload's id as soon as the store assigns it, before any byte is sent, so the upload
     *                  can be found and aborted even if this process dies
     */
    PartUpload openPart(String key, UploadSettings settings, ExecutorService pieces, Consumer<String> onStarted);

    /**
     * Publishes a part. Idempotent: when the upload is gone because it was completed already, the object must be
     * there with the upload's size.
     *
     * @throws IllegalStateException the upload is gone and the object is missing (the part is lost) or of another size
     */
    void complete(UploadedPart part);

    /** Discards an upload and whatever of it reached the store; one already gone is fine. */
    void abort(String key, String uploadId);

    /** Every upload started under {@code folder} and neither completed nor aborted. */
    List<OpenUpload> openUploads(String folder);

    /** Reads a part's footer (a few kilobytes at its end, never the whole part). */
    PartFile.Read footer(StoredObject part);

    @Override
    void close();

    /** An object and its size in bytes. */
    record StoredObject(String key, long size) {
        public StoredObject {
            requireNonNull(key, "key");
        }
    }

    /** An upload started and not yet completed or aborted. */
    record OpenUpload(String key, String uploadId) {
        public OpenUpload {
            requireNonNull(key, "key");
            requireNonNull(uploadId, "uploadId");
        }
    }
}
