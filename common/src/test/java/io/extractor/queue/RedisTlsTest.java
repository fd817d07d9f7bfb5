package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.testkit.RedisServer;
import io.extractor.testkit.TestServices;
import io.extractor.testkit.TlsCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code rediss://} to a Redis that serves TLS only, with a certificate from a throwaway private CA: the protocol
 * runs trusting that CA (a PEM file or a trust store); an untrusted CA or a certificate for another host is
 * refused at the startup check with what to configure.
 */
class RedisTlsTest {
    private static final String PASSWORD = "tls-" + TestServices.unique("pw");
    private static final String PREFIX = TestServices.unique("tls");
    @TempDir
    static Path dir;
    private static TlsCertificates certificates;
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        certificates = TlsCertificates.create(dir.resolve("ca"));
        redis = RedisServer.Options.plain().requirePass("admin-" + PASSWORD)
                .user("extractor", PASSWORD, "~" + PREFIX + ":* resetchannels +@all -@dangerous")
                .tls(certificates).start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisSettings settings(String url, RedisSettings.Tls tls) {
        return RedisSettings.of(url, Optional.of("extractor"), Optional.of(PASSWORD), tls);
    }

    private static RedisSettings.Tls caFile(Path file, boolean verifyHostName) {
        return new RedisSettings.Tls(Optional.of(file), Optional.empty(), Optional.empty(), verifyHostName);
    }

    @Test
    void everyStepOfAJobRunsOverTlsTrustingAPrivateCaFromAPemFile() throws Exception {
        assertThat(redis.url()).startsWith("rediss://127.0.0.1:");
        RedisSettings settings = settings(redis.url(), caFile(certificates.caCert(), true));
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "tls-test"), PREFIX + ":")) {
            assertThat(RedisClients.check(fx.redis, settings, fx.keys.pending())).isEmpty();

            ProtocolWalk.everyStep(fx);
        }
    }

    @Test
    void aPkcs12TrustStoreWithAPasswordTrustsTheCaAsWell() throws Exception {
        String storePassword = "store-" + PASSWORD;
        RedisSettings.Tls tls = new RedisSettings.Tls(Optional.empty(), Optional.of(certificates.trustStore(storePassword)),
                Optional.of(storePassword), true);
        RedisSettings settings = settings(redis.url(), tls);
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "tls-test"), PREFIX + ":")) {
            ProtocolWalk.everyStep(fx);
        }
        assertThat(settings.secrets()).containsExactlyInAnyOrder(PASSWORD, storePassword);
    }

    @Test
    void aCertificateFromACaNotTrustedIsRefusedWithWhereToGiveTheCa() {
        TlsCertificates stranger = TlsCertificates.create(dir.resolve("stranger"));
        for (RedisSettings.Tls tls : new RedisSettings.Tls[] {RedisSettings.Tls.DEFAULT, caFile(stranger.caCert(), true)}) {
            RedisSettings settings = settings(redis.url(), tls);
            try (RedisClient client = RedisClients.create(settings, 1, "tls-test")) {
                assertThatThrownBy(() -> RedisClients.check(client, settings, PREFIX + ":pending"))
                        .as("trusting %s", tls)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("Redis at " + redis.url() + " as user extractor: TLS handshake failed (")
                        .hasMessageEndingWith("Redis's certificate is not signed by a CA this process trusts; give that CA in "
                                + "extractor.redis.tls.ca-file (PEM) or extractor.redis.tls.trust-store")
                        .satisfies(e -> assertThat(RedisAuthTest.chain(e)).doesNotContain(PASSWORD));
            }
        }
    }

    @Test
    void theCertificateMustNameTheHostUnlessHostNameVerificationIsOff() throws Exception {
        TlsCertificates otherName = TlsCertificates.create(dir.resolve("other-name"), "redis.internal");
        try (RedisServer named = RedisServer.Options.plain().user("extractor", PASSWORD, "~" + PREFIX + ":* +@all -@dangerous")
                .tls(otherName).start()) {
            RedisSettings checked = settings(named.url(), caFile(otherName.caCert(), true));
            try (RedisClient client = RedisClients.create(checked, 1, "tls-test")) {
                assertThatThrownBy(() -> RedisClients.check(client, checked, PREFIX + ":pending"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("TLS handshake failed (")
                        .hasMessageEndingWith("Redis's certificate does not name 127.0.0.1; connect by a name it holds, or set "
                                + "extractor.redis.tls.verify-host-name=false to check only that a trusted CA signed it");
            }

            RedisSettings unchecked = settings(named.url(), caFile(otherName.caCert(), false));
            try (QueueFixture fx = new QueueFixture(RedisClients.create(unchecked, 4, "tls-test"), PREFIX + ":")) {
                assertThat(RedisClients.check(fx.redis, unchecked, fx.keys.pending())).isEmpty();
                ProtocolWalk.everyStep(fx);
            }
        }
    }

    @Test
    void aCaFileOrTrustStoreThatCannotBeUsedIsNamedWhenTheClientIsBuilt() throws Exception {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> RedisClients.create(settings(redis.url(), caFile(missing, true)), 1, "tls-test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extractor.redis.tls.ca-file " + missing + " cannot be read");

        Path notPem = Files.writeString(dir.resolve("not.crt"), "hello");
        assertThatThrownBy(() -> RedisClients.create(settings(redis.url(), caFile(notPem, true)), 1, "tls-test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extractor.redis.tls.ca-file " + notPem + " ");

        Path store = certificates.trustStore("right-" + PASSWORD);
        RedisSettings.Tls wrongPassword = new RedisSettings.Tls(Optional.empty(), Optional.of(store), Optional.of("wrong-" + PASSWORD), true);
        assertThatThrownBy(() -> RedisClients.create(settings(redis.url(), wrongPassword), 1, "tls-test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extractor.redis.tls.trust-store " + store + " cannot be read (wrong extractor.redis.tls.trust-store-password?)")
                .hasMessageNotContaining(PASSWORD);

        RedisSettings.Tls pemAsStore = new RedisSettings.Tls(Optional.empty(), Optional.of(certificates.caCert()), Optional.empty(), true);
        assertThatThrownBy(() -> RedisClients.create(settings(redis.url(), pemAsStore), 1, "tls-test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for a PEM file use extractor.redis.tls.ca-file");
    }
}
