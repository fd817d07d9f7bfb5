package io.extractor.coordinator.api;

import io.extractor.job.TaskState;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Path and query parameters, read strictly: a job id that cannot exist, a number that is not a plain integer in
 * range, or an unknown state is a 400 naming the parameter, never a guess, a 404 for the route, or a Redis error.
 */
final class Params {
    /** What {@code JobPlanner.newJobId} makes (4 random hex digits in earlier versions, 8 now). */
    private static final Pattern JOB_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{4,16}");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");

    private Params() {
    }

    static String jobId(String id) throws BadRequestException {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw new BadRequestException("id", "\"" + abbreviate(id) + "\" is not a job id; ids look like 20261123-201155-26fa01c3");
        }
        return id;
    }

    /** A whole number in {@code [min, max]}; {@code fallback} when the parameter is absent. */
    static int integer(String name, String value, int fallback, int min, int max) throws BadRequestException {
        if (value == null) {
            return fallback;
        }
        if (!INTEGER.matcher(value).matches()) {
            throw new BadRequestException(name, "must be a whole number from " + min + " to " + max + ", not \"" + abbreviate(value) + "\"");
        }
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
            throw new BadRequestException(name, "must be from " + min + " to " + max + ", not " + parsed);
        }
        return parsed;
    }

    /** A task state, any case; null when absent or empty (all states). */
    static TaskState taskState(String value) throws BadRequestException {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return TaskState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state", "must be one of " + List.of(TaskState.values()) + ", not \"" + abbreviate(value) + "\"");
        }
    }

    /** Echoes at most a short, printable piece of what was sent. */
    static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.codePoints().limit(40).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return value.length() > 40 ? printable + "..." : printable;
    }
}
