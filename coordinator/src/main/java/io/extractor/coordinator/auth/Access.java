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
    /** Identity attribute: the set of source names a user may act on; absent for every source. */
    public static final String SOURCES = "extractor.sources";
    /** Identity attribute: the set of sink names a user may act on; absent for every sink. */
    public static final String SINKS = "extractor.sinks";

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
                        + " role (HTTP Basic credentials or a bearer token)", false);
            }
        } catch (AuthenticationFailedException wrong) {
            throw new NotAuthenticatedException(role, "the credentials given were refused (unknown user, wrong password, or an unknown, expired"
                    + " or invalid token); to " + action
                    + " you need the " + role.label() + " role", true);
        }
        if (!holds(who, role)) {
            String held = Arrays.stream(Role.values()).filter(r -> who.hasRole(r.label())).map(Role::label).collect(Collectors.joining(", "));
            throw new AccessDeniedException(role, "to " + action + " you need the " + role.label() + " role; " + who.getPrincipal().getName()
                    + " has " + (held.isEmpty() ? "none" : held));
        }
        return who.getPrincipal().getName();
    }

    /** Who the caller is: name, highest role, and the sources and sinks granted (null: every one). */
    public record Caller(String name, Role role, java.util.Set<String> sources, java.util.Set<String> sinks) {
    }

    /** The caller, once it is known to be at least a viewer. */
    public Caller caller() throws NotAuthenticatedException, AccessDeniedException {
        String name = require(Role.VIEWER, "see who you are");
        Role highest = Arrays.stream(Role.values()).filter(r -> holds(identity, r)).reduce((a, b) -> b).orElseThrow();
        return new Caller(name, highest, identity.getAttribute(SOURCES), identity.getAttribute(SINKS));
    }

    /**
     * Whether the caller has {@code role} or one above it: a token from an OIDC provider says {@code admin} alone,
     * where a built-in user is given every role its own includes.
     */
    private static boolean holds(SecurityIdentity who, Role role) {
        return Arrays.stream(Role.values()).filter(r -> r.ordinal() >= role.ordinal()).anyMatch(r -> who.hasRole(r.label()));
    }

    /**
     * After {@link #require}, that the caller may act on jobs of {@code source} into {@code sink} (null when the
     * request names none: the spec's own check reports that); {@code role} and {@code action} are for the answer.
     */
    public void requireGrants(Role role, String action, String source, String sink) throws AccessDeniedException {
        String who = identity.getPrincipal().getName();
        grant(role, action, who, SOURCES, "source", source);
        grant(role, action, who, SINKS, "sink", sink);
    }

    /**
     * Returns the caller's name when it holds {@code role} and may act on every source and sink (resume needs it: its
     * source is known only from the sink).
     */
    public String requireAllGrants(Role role, String action) throws NotAuthenticatedException, AccessDeniedException {
        String who = require(role, action);
        if (identity.getAttribute(SOURCES) != null || identity.getAttribute(SINKS) != null) {
            throw new AccessDeniedException(role, "to " + action + " you need to be granted every source and sink; " + who
                    + " is granted some only (extractor.auth.users." + who + ".sources / .sinks)");
        }
        return who;
    }

    private void grant(Role role, String action, String who, String attribute, String what, String name) throws AccessDeniedException {
        java.util.Set<String> granted = identity.getAttribute(attribute);
        if (granted != null && name != null && !granted.contains(name)) {
            throw new AccessDeniedException(role, "to " + action + " on " + what + " " + name + " you need a grant for it; " + who
                    + " may act on " + what + "s " + new java.util.TreeSet<>(granted) + " only");
        }
    }
}
