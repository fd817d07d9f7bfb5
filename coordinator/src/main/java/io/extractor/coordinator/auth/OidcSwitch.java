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
 * Turns quarkus-oidc's default tenant on exactly when {@code extractor.auth.mode=oidc}, so choosing the mode is the
 * one switch: in the other modes the extension would otherwise refuse to start without a provider URL. An explicit
 * {@code quarkus.oidc.tenant-enabled} anywhere else wins (this source's ordinal is below every file and variable).
 */
public final class OidcSwitch implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue mode = context.getValue("extractor.auth.mode");
        boolean oidc = mode != null && mode.getValue() != null && mode.getValue().strip().toLowerCase(Locale.ROOT).equals("oidc");
        return List.of(new PropertiesConfigSource(Map.of("quarkus.oidc.tenant-enabled", Boolean.toString(oidc)), "extractor auth mode", 50));
    }
}
