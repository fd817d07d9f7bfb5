package io.extractor.coordinator.auth;

import io.extractor.coordinator.LocalServices;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The local services of the API tests with {@code extractor.auth.mode=oidc}: quarkus-oidc checks bearer tokens
 * against the public half of a key pair made here (as it would against a provider's published key), the test signs
 * tokens with the private half. A provider's group {@code data-admins} is mapped to {@code admin}, and one built-in
 * user with a static token logs in beside the provider's tokens.
 */
public class OidcServices extends LocalServices {
    public static final String ISSUER = "https://login.example.test/realms/data";
    /** The static token of the built-in user {@code airflow}. */
    public static final String STATIC_TOKEN = "static-token-for-airflow-0f4c2b";
    public static final KeyPair PROVIDER = keyPair();
    /** A key pair of nobody the coordinator trusts. */
    public static final KeyPair STRANGER = keyPair();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("extractor.auth.mode", "oidc");
        config.put("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()));
        config.put("quarkus.oidc.token.issuer", ISSUER);
        config.put("quarkus.oidc.roles.role-claim-path", "groups");
        config.put("quarkus.http.auth.roles-mapping.data-admins", "admin");
        config.put("extractor.auth.users.airflow.token-sha256", sha256(STATIC_TOKEN));
        config.put("extractor.auth.users.airflow.roles", "operator");
        return config;
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
