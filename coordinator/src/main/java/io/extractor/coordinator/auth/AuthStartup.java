package io.extractor.coordinator.auth;

import io.extractor.coordinator.CoordinatorConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks at start that the coordinator is never open to a network: the open mode is refused unless every address
 * it listens on is a loopback one, and it says loudly which mode it runs in.
 */
@Singleton
public class AuthStartup {
    private static final Logger LOG = Logger.getLogger(AuthStartup.class);

    private final CoordinatorConfig config;
    private final BuiltinUsers users;
    private final String host;
    private final java.util.Optional<String> oidcServer;
    private final java.util.Optional<String> oidcKey;

    public AuthStartup(CoordinatorConfig config, BuiltinUsers users, @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host,
                       @ConfigProperty(name = "quarkus.oidc.auth-server-url") java.util.Optional<String> oidcServer,
                       @ConfigProperty(name = "quarkus.oidc.public-key") java.util.Optional<String> oidcKey) {
        this.config = config;
        this.users = users;
        this.host = host;
        this.oidcServer = oidcServer;
        this.oidcKey = oidcKey;
    }

    void check(@Observes StartupEvent event) {
        AuthMode mode = config.auth().mode();
        if (mode == AuthMode.NONE) {
            if (!loopback(host)) {
                throw new IllegalStateException("extractor.auth.mode=none lets anyone submit, cancel and overwrite jobs, so it is refused while the"
                        + " coordinator listens on " + host + ", which is not a loopback address; set extractor.auth.mode=builtin and"
                        + " extractor.auth.users.<name>.password-hash / .roles, or quarkus.http.host=127.0.0.1");
            }
            LOG.warnf("AUTHENTICATION IS OFF (extractor.auth.mode=none): every caller on %s is admin. For this machine only; never"
                    + " expose this port", host);
        } else if (mode == AuthMode.OIDC) {
            if (oidcServer.isEmpty() && oidcKey.isEmpty()) {
                throw new IllegalStateException("extractor.auth.mode=oidc needs the provider: set quarkus.oidc.auth-server-url (the issuer URL,"
                        + " e.g. https://keycloak.example.com/realms/data) and, if tokens are for another audience, quarkus.oidc.token.audience");
            }
            LOG.infof("authentication: OIDC bearer tokens from %s%s", oidcServer.orElse("a configured public key"),
                    users.names().isEmpty() ? "" : ", and built-in users " + users.names());
        } else if (users.names().isEmpty()) {
            LOG.warnf("extractor.auth.mode=builtin with no users: every request is refused with 401; add"
                    + " extractor.auth.users.<name>.password-hash (htpasswd -nbB <name> <password>) and .roles");
        } else {
            LOG.infof("authentication: built-in users %s (HTTP Basic%s)", users.names(), users.hasTokens() ? " and static bearer tokens" : "");
        }
    }

    static boolean loopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
