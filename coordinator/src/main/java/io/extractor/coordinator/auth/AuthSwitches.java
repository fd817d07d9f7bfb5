package io.extractor.coordinator.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the Quarkus security settings that follow from the extractor's own, so each choice is one setting:
 * quarkus-oidc's default tenant is on exactly when {@code extractor.auth.mode=oidc} (in the other modes the extension
 * would refuse to start without a provider URL), and the management port's {@code /q/metrics} wants a login unless
 * {@code extractor.auth.metrics=open} or the mode is {@code none}. An explicit Quarkus property anywhere else wins
 * (this source's ordinal is below every file and variable).
 */
public final class AuthSwitches implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String mode = value(context, "extractor.auth.mode", "builtin");
        String metrics = value(context, "extractor.auth.metrics", "authenticated");
        boolean openMetrics = mode.equals("none") || metrics.equals("open");
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.oidc.tenant-enabled", Boolean.toString(mode.equals("oidc")),
                "quarkus.management.auth.permission.metrics.policy", openMetrics ? "permit" : "authenticated"),
                "extractor auth settings", 50));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue().strip().toLowerCase(Locale.ROOT);
    }
}
