package io.extractor.coordinator.auth;

import io.extractor.coordinator.CoordinatorConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Static bearer tokens of the built-in users ({@code extractor.auth.users.<name>.token-sha256}): a request with
 * {@code Authorization: Bearer <token>} whose token is one of theirs is that user. Asked before OIDC, so in the
 * {@code oidc} mode a token that is not a static one is left to the provider's check; in the {@code builtin} mode an
 * unknown token is refused.
 */
@Singleton
public final class StaticTokens implements HttpAuthenticationMechanism {
    private static final String BEARER = "bearer ";

    /** A static token to check; its own type, so the OIDC identity provider never sees it. */
    static final class Request extends BaseAuthenticationRequest {
        private final String token;

        Request(String token) {
            this.token = token;
        }
    }

    /** Turns a static token into its user's identity, through Quarkus so augmentors run as for any login. */
    @Singleton
    static final class Provider implements IdentityProvider<Request> {
        private final BuiltinUsers users;

        Provider(BuiltinUsers users) {
            this.users = users;
        }

        @Override
        public Class<Request> getRequestType() {
            return Request.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
            return Uni.createFrom().item(() -> users.tokenIdentity(request.token));
        }
    }

    private final BuiltinUsers users;
    private final boolean oidc;

    public StaticTokens(BuiltinUsers users, CoordinatorConfig config) {
        this.users = users;
        this.oidc = config.auth().mode() == AuthMode.OIDC;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(BEARER.length()).strip();
        if (oidc && users.tokenOwner(token) == null) {
            return Uni.createFrom().nullItem(); // the provider's token, for quarkus-oidc to check
        }
        return identityProviderManager.authenticate(new Request(token));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem(); // Basic's challenge (or OIDC's) is the one a browser or client should see
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Request.class);
    }

    @Override
    public int getPriority() {
        return 3000; // above Basic and OIDC (their defaults are 1000 and 1001), so a static token never reaches the provider
    }
}
