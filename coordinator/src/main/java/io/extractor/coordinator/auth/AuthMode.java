package io.extractor.coordinator.auth;

/** How callers of the API and the status page are told apart. */
public enum AuthMode {
    /** Nobody logs in and everyone is admin: allowed only while the coordinator listens on a loopback address. */
    NONE,
    /**
     * Users with roles from configuration (or a mounted Secret): BCrypt password hashes for HTTP Basic, SHA-256
     * hashes of static bearer tokens.
     */
    BUILTIN,
    /**
     * Bearer tokens of an OpenID Connect provider, checked by quarkus-oidc ({@code quarkus.oidc.auth-server-url}),
     * roles from the token; built-in users and tokens, if any are configured, still log in beside them.
     */
    OIDC
}
