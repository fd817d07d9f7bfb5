package io.extractor.plan;

import static java.util.Objects.requireNonNull;

/** Names one task: a job, a table of it and the range number. Its id is {@code <job>.<table>.<seq>}. */
public record TaskRef(String jobId, int table, long seq) {
    public TaskRef {
        requireNonNull(jobId, "jobId");
        if (table < 0 || seq < 0) {
            throw new IllegalArgumentException("table and seq must not be negative");
        }
    }

    public String id() {
        return jobId + "." + table + "." + seq;
    }

    /** Parses a task id; rejects anything malformed, as a poisoned queue entry would be. */
    public static TaskRef parse(String id) {
        int last = id.lastIndexOf('.');
        int middle = last > 0 ? id.lastIndexOf('.', last - 1) : -1;
        if (middle <= 0) {
            throw new IllegalArgumentException("malformed task id \"" + id + "\": expected <job>.<table>.<seq>");
        }
        try {
            return new TaskRef(id.substring(0, middle), Integer.parseInt(id.substring(middle + 1, last)), Long.parseLong(id.substring(last + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed task id \"" + id + "\": expected <job>.<table>.<seq>", e);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
