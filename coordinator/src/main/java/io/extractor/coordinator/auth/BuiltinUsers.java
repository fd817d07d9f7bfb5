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
 * The built-in users ({@code extractor.auth.users.<name>.password-hash}, {@code .token-sha256} and {@code .roles}),
 * checked against the HTTP Basic credentials Quarkus reads and the static bearer tokens {@link StaticTokens} reads.
 * Hashes are BCrypt ({@code htpasswd -nbB user password} makes one), so the
 * configuration or Secret holding them does not give the passwords away. A BCrypt check costs tens of milliseconds
 * on purpose; a user's last good password is remembered (as a SHA-256 digest) for a few minutes, so a status page
 * refreshing every two seconds does not pay it each time.
 */
@Singleton
public class BuiltinUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final long REMEMBER_MILLIS = 5 * 60_000;

    private record User(java.util.Optional<String> hash, List<Role> roles, java.util.Optional<List<String>> sources, java.util.Optional<List<String>> sinks) {
    }

    private record Remembered(byte[] digest, long until) {
    }

    private final Map<String, User> users;
    /** User names by the hex SHA-256 of their static token. */
    private final Map<String, String> tokens;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public BuiltinUsers(CoordinatorConfig config) {
        Map<String, User> byName = new HashMap<>();
        Map<String, String> byToken = new HashMap<>();
        config.auth().users().forEach((name, user) -> {
            if (user.passwordHash().isEmpty() && user.tokenSha256().isEmpty()) {
                throw new IllegalArgumentException("extractor.auth.users." + name + " has neither .password-hash nor .token-sha256, so it could"
                        + " never log in; give it one (htpasswd -nbB " + name + " <password>, or printf %s \"$TOKEN\" | sha256sum)");
            }
            user.tokenSha256().ifPresent(hex -> {
                String digest = hex.strip().toLowerCase(java.util.Locale.ROOT);
                if (!digest.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("extractor.auth.users." + name + ".token-sha256 is not a SHA-256 in hex (64 characters 0-9,"
                            + " a-f); it is the digest of the token, not the token: printf %s \"$TOKEN\" | sha256sum");
                }
                String other = byToken.put(digest, name);
                if (other != null) {
                    throw new IllegalArgumentException("extractor.auth.users." + name + " and " + other + " have the same token-sha256; give each"
                            + " caller a token of its own");
                }
            });
            byName.put(name, new User(user.passwordHash(), List.copyOf(user.roles()), user.sources().map(List::copyOf), user.sinks().map(List::copyOf)));
        });
        this.users = Map.copyOf(byName);
        this.tokens = Map.copyOf(byToken);
    }

    /** Whether any user has a static token, so {@link StaticTokens} has anything to look for. */
    boolean hasTokens() {
        return !tokens.isEmpty();
    }

    /**
     * The user whose static token this is, or null. Tokens are looked up by their SHA-256, so the map holds no token
     * and a lookup's time says nothing about any token's characters.
     */
    String tokenOwner(String token) {
        return tokens.get(java.util.HexFormat.of().formatHex(sha256(token)));
    }

    /** The identity of the owner of {@code token}; the caller checked {@link #tokenOwner} first. */
    SecurityIdentity tokenIdentity(String token) {
        String name = tokenOwner(token);
        if (name == null) {
            throw new AuthenticationFailedException("unknown token");
        }
        return identity(name, users.get(name));
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
        if (user == null || user.hash().isEmpty()) {
            bcrypt.matches(password, DECOY); // as slow as a real check, so a name cannot be told from its answer time
            throw new AuthenticationFailedException("unknown user or wrong password");
        }
        byte[] digest = sha256(name + "\u0000" + password);
        Remembered last = remembered.get(name);
        boolean known = last != null && last.until() > System.currentTimeMillis() && MessageDigest.isEqual(last.digest(), digest);
        if (!known) {
            if (!bcrypt.matches(password, user.hash().get())) {
                throw new AuthenticationFailedException("unknown user or wrong password");
            }
            remembered.put(name, new Remembered(digest, System.currentTimeMillis() + REMEMBER_MILLIS));
        }
        return identity(name, user);
    }

    private static SecurityIdentity identity(String name, User user) {
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
