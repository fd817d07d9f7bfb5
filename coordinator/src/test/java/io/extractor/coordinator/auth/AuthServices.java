package io.extractor.coordinator.auth;

import io.extractor.coordinator.LocalServices;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The local services of the API tests, with the built-in users on: one of each role, and a team admin granted one source. */
public class AuthServices extends LocalServices {
    public static final String PASSWORD = "correct horse battery staple";
    /** The static bearer token of the user {@code script}, an operator that has no password. */
    public static final String TOKEN = "a-long-random-token-7d1e0c9b";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("extractor.auth.mode", "builtin");
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4); // the lowest cost: tests check roles, not hashing speed
        for (Role role : Role.values()) {
            config.put("extractor.auth.users." + role.label() + ".password-hash", bcrypt.encode(PASSWORD));
            config.put("extractor.auth.users." + role.label() + ".roles", role.label());
        }
        // a team's admin: every right, on the "ansi" source only
        config.put("extractor.auth.users.team.password-hash", bcrypt.encode(PASSWORD));
        config.put("extractor.auth.users.team.roles", "admin");
        config.put("extractor.auth.users.team.sources", "ansi");
        // a script's user: a static token and no password
        config.put("extractor.auth.users.script.token-sha256", OidcServices.sha256(TOKEN));
        config.put("extractor.auth.users.script.roles", "operator");
        return config;
    }
}
