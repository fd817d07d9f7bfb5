package io.extractor.coordinator.auth;

import io.extractor.coordinator.CoordinatorConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * The open mode ({@code extractor.auth.mode=none}): every caller is the local admin. {@link AuthStartup} refuses to
 * start in this mode unless the coordinator listens on a loopback address only, so it serves the demo and tests on
 * one machine and nothing else.
 */
@Singleton
public class LocalAccess implements SecurityIdentityAugmentor {
    /** The name the open mode gives every caller, in the audit log. */
    public static final String LOCAL = "local";

    private final boolean open;

    public LocalAccess(CoordinatorConfig config) {
        this.open = config.auth().mode() == AuthMode.NONE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!open || !identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(LOCAL))
                .addRoles(Role.ADMIN.granted()).build());
    }
}
