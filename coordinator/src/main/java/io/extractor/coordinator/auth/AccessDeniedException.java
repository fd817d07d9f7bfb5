package io.extractor.coordinator.auth;

import static java.util.Objects.requireNonNull;

/** The caller is known but lacks the role an action needs: a 403 that names the role. */
public final class AccessDeniedException extends Exception {
    private final Role required;

    public AccessDeniedException(Role required, String message) {
        super(message);
        this.required = requireNonNull(required, "required");
    }

    public Role required() {
        return required;
    }
}
