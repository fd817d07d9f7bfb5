package io.extractor.coordinator.audit;

import static java.util.Objects.requireNonNull;

import io.extractor.queue.JobStore;
import io.extractor.queue.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Who submitted, cancelled, retried, reran or resumed which job, when and from where: kept with the job in Redis (its
 * newest {@link #KEEP} entries, removed with the job by retention) and written as one structured log line each, on
 * the {@code io.extractor.audit} category, for a log pipeline to keep as long as it must.
 */
@Singleton
public class AuditLog {
    private static final Logger LOG = Logger.getLogger("io.extractor.audit");
    /** Entries kept per job in Redis. */
    public static final int KEEP = 200;

    public enum Action {
        SUBMIT, CANCEL, RETRY, RERUN, RESUME;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One audit entry.
     *
     * @param at   when, as an ISO-8601 instant
     * @param from the caller's address as the coordinator saw it, and what a proxy said it forwarded for
     */
    public record Entry(String at, String action, String job, String who, String from, String note) {
    }

    private final JobStore store;

    public AuditLog(JobStore store) {
        this.store = requireNonNull(store, "store");
    }

    public void record(Action action, String jobId, String who, HttpServerRequest request) {
        record(action, jobId, who, request, null);
    }

    public void record(Action action, String jobId, String who, HttpServerRequest request, String note) {
        Entry entry = new Entry(Instant.now().toString(), action.label(), jobId, who, from(request), note);
        LOG.infof("audit action=%s job=%s who=%s from=%s%s", entry.action(), jobId, quoted(who), quoted(entry.from()),
                note == null ? "" : " note=" + quoted(note));
        try {
            store.audit(jobId, Json.write(entry), KEEP);
        } catch (RuntimeException e) {
            // the action is done; the log line above keeps the record if Redis just failed
            LOG.warnf("audit: could not keep the %s of job %s in Redis (%s)", entry.action(), jobId, e.getMessage());
        }
    }

    /**
     * A refused call, as one log line on the audit category (not kept with a job: it may name none): credentials
     * that were refused (401), or a caller whose role or grants were too low (403). Repeated 401s from one address are
     * what a password-guessing run looks like.
     */
    public void refused(int status, String who, String required, HttpServerRequest request) {
        LOG.infof("audit action=refused status=%d who=%s needed=%s call=%s from=%s", status, quoted(who == null ? "-" : who), required,
                quoted(request == null ? "unknown" : request.method() + " " + request.path()), quoted(from(request)));
    }

    /** The job's audit entries, newest first. */
    public List<Entry> trail(String jobId) {
        List<Entry> entries = new ArrayList<>();
        for (String json : store.auditTrail(jobId, KEEP)) {
            entries.add(Json.read(json, Entry.class));
        }
        return entries;
    }

    private static String from(HttpServerRequest request) {
        if (request == null) {
            return "unknown";
        }
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        // a client can write any X-Forwarded-For; it is kept beside the address seen, never instead of it
        return forwarded == null ? peer : peer + " (forwarded for " + forwarded.strip() + ")";
    }

    /** A value in a key=value log line: quoted, so a name with spaces or an equals sign cannot forge another field. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ") + '"';
    }
}
