package io.extractor.coordinator.auth;

/** Who may read the coordinator's Prometheus metrics ({@code extractor.auth.metrics}); applied by {@link AuthSwitches}. */
public enum MetricsAccess {
    /** A built-in user of any role, by HTTP Basic. */
    AUTHENTICATED,
    /** Anyone who reaches the management port: for a scrape that is trusted by network. */
    OPEN
}
