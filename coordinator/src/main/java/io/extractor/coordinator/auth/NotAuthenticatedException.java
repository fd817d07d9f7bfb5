package io.extractor.coordinator.auth;

import static java.util.Objects.requireNonNull;

/** The caller gave no credentials, or wrong ones: a 401 that names the role the action needs. */
public final class NotAuthenticatedException extends Exception {
    private final Role required;
    private final boolean credentialsRefused;

    /**
     * @param credentialsRefused whether credentials were given and refused (worth an audit line), not merely absent
     *                           (a browser's first request before its login prompt)
     */
    public NotAuthenticatedException(Role required, String message, boolean credentialsRefused) {
        super(message);
        this.required = requireNonNull(required, "required");
        this.credentialsRefused = credentialsRefused;
    }

    public boolean credentialsRefused() {
        return credentialsRefused;
    }

    public Role required() {
        return required;
    }
}
