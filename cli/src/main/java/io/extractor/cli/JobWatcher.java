package io.extractor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Follows a job until it finishes, printing a progress line at each change and failed tasks as they happen. */
final class JobWatcher {
    private final CoordinatorClient coordinator;
    private final PrintStream out;
    private final Duration interval;

    JobWatcher(CoordinatorClient coordinator, PrintStream out, Duration interval) {
        this.coordinator = coordinator;
        this.out = out;
        this.interval = interval;
    }

    /** Returns the finished job. */
    JsonNode await(String jobId) throws IOException, InterruptedException {
        String last = "";
        long failuresShown = 0;
        while (true) {
            JsonNode job = coordinator.job(jobId);
            JsonNode tasks = job.path("tasks");
            String line = String.format(Locale.ROOT, "%-10s tasks %d/%d done, %d running, %d failed, %d pending | %,d rows | %,.0f rows/s | %.1f s",
                    job.path("state").asText(), tasks.path("success").asLong(), tasks.path("total").asLong(), tasks.path("progress").asLong(),
                    tasks.path("failed").asLong(), tasks.path("pending").asLong(), job.path("rowsWritten").asLong(),
                    job.path("rowsPerSecond").asDouble(), job.path("elapsedSeconds").asDouble());
            String change = line.substring(0, line.indexOf('|'));
            if (!change.equals(last)) {
                out.println("  " + line);
                last = change;
            }
            if (tasks.path("failed").asLong() > failuresShown) {
                for (JsonNode task : coordinator.tasks(jobId, "FAILED", 0, 20)) {
                    out.println("  task " + task.path("id").asText() + " failed: " + task.path("error").asText());
                }
                failuresShown = tasks.path("failed").asLong();
            }
            String state = job.path("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
