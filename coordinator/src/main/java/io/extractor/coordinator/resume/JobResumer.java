package io.extractor.coordinator.resume;

import io.extractor.plan.InvalidJobException;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.sink.Sink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Brings back a job Redis no longer knows (it restarted empty, or was flushed) from what the sink holds: the
 * plan the coordinator stored at submission and the parts already published. A part counts as done only if its
 * footer names this job and task, so output of an earlier run in the same folder is extracted again; everything
 * else is queued. Committed parts are never extracted twice.
 */
public final class JobResumer {
    private static final Logger LOG = Logger.getLogger(JobResumer.class);
    private static final Pattern PART = Pattern.compile("part-(\\d+)\\.parquet");

    private JobResumer() {
    }

    /** Plans are small; anything larger in their place is not one of ours. */
    private static final long MAX_PLAN_BYTES = 16L * 1024 * 1024;

    /**
     * The plan stored in the sink at submission, or null when the sink has none for this job.
     *
     * @throws InvalidJobException the object there is not a plan this coordinator can read
     */
    public static JobPlan storedPlan(Sink sink, String jobId) throws InvalidJobException {
        String key = sink.layout().planKey(jobId);
        String json;
        try {
            long size = sink.s3().headObject(b -> b.bucket(sink.bucket()).key(key).overrideConfiguration(Sink.INTERACTIVE)).contentLength();
            if (size > MAX_PLAN_BYTES) {
                throw new InvalidJobException("plan", sink.settings().uri(key) + " is " + size + " bytes, not a plan");
            }
            json = sink.s3().getObjectAsBytes(b -> b.bucket(sink.bucket()).key(key).overrideConfiguration(Sink.INTERACTIVE)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
        try {
            JobPlan plan = Json.read(json, JobPlan.class);
            if (plan == null || plan.tables() == null) {
                throw new IllegalArgumentException("it holds no tables");
            }
            return plan;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidJobException("plan", sink.settings().uri(key) + " cannot be read as a job plan: " + e.getMessage());
        }
    }

    /** Recreates the job in Redis, writing the run folders of {@code writers}; returns how many of its tasks were found done. */
    public static int resume(JobStore store, Sink sink, JobPlan plan, List<String> writers) {
        Map<String, JobStore.DonePart> done = new HashMap<>();
        for (TablePlan table : plan.tables()) {
            String folder = sink.layout().runFolder(table.output(), plan.run());
            for (S3Object object : sink.s3().listObjectsV2Paginator(b -> b.bucket(sink.bucket()).prefix(folder)).contents()) {
                Matcher name = PART.matcher(object.key().substring(folder.length()));
                if (!name.matches()) {
                    continue;
                }
                TaskRef ref = new TaskRef(plan.jobId(), table.index(), Long.parseLong(name.group(1)));
                PartFooter footer = PartFooter.read(sink.s3(), sink.bucket(), object.key(), object.size());
                if (!ref.id().equals(footer.metadata().get("extractor.task"))) {
                    LOG.infof("resume %s: %s was written by %s, not by this job; its range is extracted again", plan.jobId(),
                            object.key(), footer.metadata().getOrDefault("extractor.task", "an unknown writer"));
                    continue;
                }
                int attempt = Integer.parseInt(footer.metadata().getOrDefault("extractor.attempt", "1"));
                done.put(ref.id(), new JobStore.DonePart(object.key(), footer.rows(), object.size(), attempt));
            }
        }
        store.restore(plan, writers, done);
        return done.size();
    }
}
