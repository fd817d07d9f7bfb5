package io.extractor.coordinator.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may do what, as Airflow's Viewer / Op / Admin: each role holds every right of the ones below it. A viewer reads
 * jobs, tasks and the status page; an operator also submits jobs without a {@code where}, cancels, retries and reruns;
 * an admin also submits a {@code where} filter or {@code "mode": "overwrite"}, and resumes jobs from the sink.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The name in configuration, answers and Quarkus' security identity: {@code viewer}, {@code operator}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and those of every role it includes. */
    public Set<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::label).collect(Collectors.toUnmodifiableSet());
    }
}
