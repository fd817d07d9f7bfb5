package io.extractor.coordinator.auth;

import static java.util.Objects.requireNonNull;

/** The caller gave no credentials, or wrong ones: a 401 that names the role the action needs. */
public final class NotAuthenticatedException extends Exception {
    private final Role required;

    public NotAuthenticatedException(Role required, String message) {
        super(message);
        this.required = requireNonNull(required, "required");
    }

    public Role required() {
        return required;
    }
}
