package io.extractor.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a job does when its run folder already holds output, as Spark's save modes do. */
public enum WriteMode {
    /** Refuse the job (the default): nothing is ever appended to a finished run by accident. */
    ERROR,
    /** Replace the run's output: when the job succeeds, the folder holds exactly the new parts. */
    OVERWRITE;

    @JsonCreator
    public static WriteMode parse(String value) {
        for (WriteMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be \"error\" or \"overwrite\", not \"" + value + "\"");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
