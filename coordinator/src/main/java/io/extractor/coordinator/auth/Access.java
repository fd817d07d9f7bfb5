package io.extractor.coordinator.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place the API asks whether the caller may act: each endpoint names the role it needs, and a submit the
 * role its spec needs. Authentication itself is Quarkus' (Basic credentials checked by {@link BuiltinUsers}, or the
 * open local mode of {@link LocalAccess}); this turns its identity into a 401 or a 403 that say which role is needed.
 */
@RequestScoped
public class Access {
    private final SecurityIdentity identity;

    public Access(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * Returns the caller's name when it holds {@code role}.
     *
     * @param action what the caller tried, for the message: "cancel job 2026…"
     */
    public String require(Role role, String action) throws NotAuthenticatedException, AccessDeniedException {
        SecurityIdentity who;
        try {
            who = identity;
            if (who.isAnonymous()) {
                throw new NotAuthenticatedException(role, "to " + action + " you need to log in with the " + role.label()
                        + " role (HTTP Basic credentials of a user configured in extractor.auth.users)");
            }
        } catch (AuthenticationFailedException wrong) {
            throw new NotAuthenticatedException(role, "the credentials given were refused (unknown user or wrong password); to " + action
                    + " you need the " + role.label() + " role");
        }
        if (!who.hasRole(role.label())) {
            String held = Arrays.stream(Role.values()).filter(r -> who.hasRole(r.label())).map(Role::label).collect(Collectors.joining(", "));
            throw new AccessDeniedException(role, "to " + action + " you need the " + role.label() + " role; " + who.getPrincipal().getName()
                    + " has " + (held.isEmpty() ? "none" : held));
        }
        return who.getPrincipal().getName();
    }
}
