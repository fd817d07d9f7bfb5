package io.extractor.coordinator.resume;

import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.plan.TaskRef;
import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.extractor.sink.Sink;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
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

    /** The plan stored in the sink at submission, or null when the sink has none for this job. */
    public static JobPlan storedPlan(Sink sink, String jobId) {
        try {
            return Json.read(sink.s3().getObjectAsBytes(b -> b.bucket(sink.bucket()).key(sink.layout().planKey(jobId))).asUtf8String(),
                    JobPlan.class);
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** Recreates the job in Redis; returns how many of its tasks were found done. */
    public static int resume(JobStore store, Sink sink, JobPlan plan) {
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
        store.restore(plan, done);
        return done.size();
    }
}
