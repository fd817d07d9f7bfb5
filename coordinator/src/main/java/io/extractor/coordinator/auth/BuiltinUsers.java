package io.extractor.coordinator.auth;

import io.extractor.coordinator.CoordinatorConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The built-in users ({@code extractor.auth.users.<name>.password-hash} and {@code .roles}), checked against the
 * HTTP Basic credentials Quarkus reads. Hashes are BCrypt ({@code htpasswd -nbB user password} makes one), so the
 * configuration or Secret holding them does not give the passwords away. A BCrypt check costs tens of milliseconds
 * on purpose; a user's last good password is remembered (as a SHA-256 digest) for a few minutes, so a status page
 * refreshing every two seconds does not pay it each time.
 */
@Singleton
public class BuiltinUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final long REMEMBER_MILLIS = 5 * 60_000;

    private record User(String hash, List<Role> roles, java.util.Optional<List<String>> sources, java.util.Optional<List<String>> sinks) {
    }

    private record Remembered(byte[] digest, long until) {
    }

    private final Map<String, User> users;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public BuiltinUsers(CoordinatorConfig config) {
        Map<String, User> byName = new HashMap<>();
        config.auth().users().forEach((name, user) -> byName.put(name, new User(user.passwordHash(), List.copyOf(user.roles()),
                user.sources().map(List::copyOf), user.sinks().map(List::copyOf))));
        this.users = Map.copyOf(byName);
    }

    /** Names of the configured users, for the startup line. */
    public java.util.Set<String> names() {
        return users.keySet();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.getUsername(), new String(request.getPassword().getPassword())));
    }

    private SecurityIdentity identity(String name, String password) {
        User user = users.get(name);
        if (user == null) {
            bcrypt.matches(password, DECOY); // as slow as a real check, so a name cannot be told from its answer time
            throw new AuthenticationFailedException("unknown user or wrong password");
        }
        byte[] digest = sha256(name + "\u0000" + password);
        Remembered last = remembered.get(name);
        boolean known = last != null && last.until() > System.currentTimeMillis() && MessageDigest.isEqual(last.digest(), digest);
        if (!known) {
            if (!bcrypt.matches(password, user.hash())) {
                throw new AuthenticationFailedException("unknown user or wrong password");
            }
            remembered.put(name, new Remembered(digest, System.currentTimeMillis() + REMEMBER_MILLIS));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name));
        user.roles().forEach(role -> identity.addRoles(role.granted()));
        user.sources().ifPresent(sources -> identity.addAttribute(Access.SOURCES, java.util.Set.copyOf(sources)));
        user.sinks().ifPresent(sinks -> identity.addAttribute(Access.SINKS, java.util.Set.copyOf(sinks)));
        return identity.build();
    }

    /** A BCrypt hash of no one's password, checked for unknown names. */
    private static final String DECOY = new BCryptPasswordEncoder().encode("decoy-" + System.nanoTime());

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
