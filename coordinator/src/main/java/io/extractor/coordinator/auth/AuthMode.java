package io.extractor.coordinator.auth;

/** How callers of the API and the status page are told apart. */
public enum AuthMode {
    /** Nobody logs in and everyone is admin: allowed only while the coordinator listens on a loopback address. */
    NONE,
    /** Users with BCrypt password hashes and roles from configuration (or a mounted Secret), by HTTP Basic. */
    BUILTIN
}
