package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.queue.RedisSettings.ClientCertificate;
import io.extractor.testkit.RedisServer;
import io.extractor.testkit.TestServices;
import io.extractor.testkit.TlsCertificates;
import io.extractor.testkit.TlsCertificates.KeyForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

/**
 * Mutual TLS: a Redis with {@code tls-auth-clients yes} and a throwaway CA made by openssl. A client certificate of
 * that CA, as PEM files in the forms openssl and cert-manager write or as a PKCS12 key store, runs the whole
 * protocol; none, or one of another CA, is refused at the startup check with what to configure; files that cannot
 * work are named when the client is built.
 */
class RedisClientCertificateTest {
    private static final String PASSWORD = "mtls-" + TestServices.unique("pw");
    private static final String PREFIX = TestServices.unique("mtls");
    @TempDir
    static Path dir;
    private static TlsCertificates certificates;
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        certificates = TlsCertificates.create(dir.resolve("ca"));
        redis = RedisServer.Options.plain().requirePass("admin-" + PASSWORD)
                .user("extractor", PASSWORD, "~" + PREFIX + ":* resetchannels +@all -@dangerous")
                .mutualTls(certificates).start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisSettings settings(Optional<ClientCertificate> client) {
        return RedisSettings.of(redis.url(), Optional.of("extractor"), Optional.of(PASSWORD),
                new RedisSettings.Tls(Optional.of(certificates.caCert()), Optional.empty(), Optional.empty(), true, client));
    }

    private static Optional<ClientCertificate> pem(TlsCertificates.Client client) {
        return Optional.of(new ClientCertificate.Pem(client.cert(), client.key()));
    }

    private static Optional<ClientCertificate> pem(Path cert, Path key) {
        return Optional.of(new ClientCertificate.Pem(cert, key));
    }

    @Test
    void everyStepOfAJobRunsWithAClientCertificateInPemFiles() throws Exception {
        RedisSettings settings = settings(pem(certificates.client("coordinator", KeyForm.PKCS8_EC)));
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "mtls-test"), PREFIX + ":")) {
            assertThat(RedisClients.check(fx.redis, settings, fx.keys.pending())).isEmpty();

            ProtocolWalk.everyStep(fx);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyForm.class, names = {"PKCS8_EC", "SEC1_EC", "PKCS1_RSA"})
    void aKeyInEachPemFormOpensslAndCertManagerWriteIsRead(KeyForm form) {
        RedisSettings settings = settings(pem(certificates.client("worker-" + form.name().toLowerCase(), form)));
        try (RedisClient client = RedisClients.create(settings, 1, "mtls-test")) {
            assertThat(RedisClients.check(client, settings, PREFIX + ":pending")).isEmpty();
        }
    }

    @Test
    void aPkcs12KeyStoreWithAPasswordWorksLikewiseAndItsPasswordIsASecret() throws Exception {
        String storePassword = "store-" + PASSWORD;
        Path store = certificates.keyStore(certificates.client("keystore-worker", KeyForm.PKCS8_EC), storePassword);
        RedisSettings settings = settings(Optional.of(new ClientCertificate.KeyStoreFile(store, Optional.of(storePassword))));
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "mtls-test"), PREFIX + ":")) {
            assertThat(RedisClients.check(fx.redis, settings, fx.keys.pending())).isEmpty();
            ProtocolWalk.everyStep(fx);
        }
        assertThat(settings.secrets()).containsExactlyInAnyOrder(PASSWORD, storePassword);
        assertThat(settings.toString()).doesNotContain(storePassword);
    }

    @Test
    void withoutAClientCertificateTheStartupCheckStopsWithWhatToSet() {
        RedisSettings settings = settings(Optional.empty());
        try (RedisClient client = RedisClients.create(settings, 1, "mtls-test")) {
            assertThatThrownBy(() -> RedisClients.check(client, settings, PREFIX + ":pending"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Redis at " + redis.url() + " as user extractor: TLS handshake failed (Received fatal alert: "
                            + "certificate_required): Redis requires a client certificate (tls-auth-clients yes) and none is "
                            + "configured: give one issued by a CA Redis trusts (its tls-ca-cert-file) in extractor.redis.tls.cert-file "
                            + "and extractor.redis.tls.key-file (PEM, as redis-cli --cert and --key take them) or in "
                            + "extractor.redis.tls.key-store");
        }
    }

    @Test
    void aClientCertificateOfAnotherCaStopsTheStartupCheckNamingTheCertificate() {
        TlsCertificates.Client stranger = TlsCertificates.create(dir.resolve("stranger")).client("worker", KeyForm.PKCS8_EC);
        RedisSettings settings = settings(pem(stranger));
        try (RedisClient client = RedisClients.create(settings, 1, "mtls-test")) {
            assertThatThrownBy(() -> RedisClients.check(client, settings, PREFIX + ":pending"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis at " + redis.url() + " as user extractor: TLS handshake failed (Received fatal alert: ")
                    .hasMessageEndingWith("): Redis did not accept this process's client certificate (extractor.redis.tls.cert-file "
                            + stranger.cert() + "): it must be issued by a CA Redis trusts (its tls-ca-cert-file or tls-ca-cert-dir), "
                            + "be valid now and allow client authentication")
                    .satisfies(e -> assertThat(RedisAuthTest.chain(e)).doesNotContain(PASSWORD));
        }
    }

    @Test
    void aRedisThatIsDownIsStillOnlyAWarningWithAClientCertificateConfigured() {
        RedisSettings settings;
        try (RedisServer gone = RedisServer.Options.plain().mutualTls(certificates).start()) {
            settings = RedisSettings.of(gone.url(), Optional.empty(), Optional.empty(), new RedisSettings.Tls(Optional.of(certificates.caCert()),
                    Optional.empty(), Optional.empty(), true, pem(certificates.client("late", KeyForm.PKCS8_EC))));
        }
        try (RedisClient client = RedisClients.create(settings, 1, "mtls-test")) {
            assertThat(RedisClients.check(client, settings, PREFIX + ":pending")).hasValueSatisfying(problem ->
                    assertThat(problem).startsWith("Redis at " + settings.shown() + " could not be reached: "));
        }
    }

    @Test
    void pemFilesThatCannotWorkAreNamedWhenTheClientIsBuilt() throws Exception {
        TlsCertificates.Client good = certificates.client("files", KeyForm.PKCS8_EC);
        TlsCertificates.Client other = certificates.client("other", KeyForm.PKCS1_RSA);
        TlsCertificates.Client encrypted = certificates.client("encrypted", KeyForm.ENCRYPTED_PKCS8);
        Path missing = dir.resolve("missing.key");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertRefused(pem(good.cert(), missing), "extractor.redis.tls.key-file " + missing + " cannot be read: no such file");
        assertRefused(pem(missing, good.key()), "extractor.redis.tls.cert-file " + missing + " cannot be read: no such file");
        assertRefused(pem(notPem, good.key()), "extractor.redis.tls.cert-file " + notPem + " ");
        assertRefused(pem(good.cert(), notPem), "extractor.redis.tls.key-file " + notPem + " holds no private key; give the key in PEM");
        assertRefused(pem(good.key(), good.cert()), "extractor.redis.tls.cert-file " + good.key() + " ");
        assertRefused(pem(good.cert(), good.cert()), "extractor.redis.tls.key-file " + good.cert()
                + " holds no private key but a certificate (are cert-file and key-file swapped?)");
        assertRefused(pem(good.cert(), other.key()), "extractor.redis.tls.key-file " + other.key() + " is not the private key of the "
                + "certificate in extractor.redis.tls.cert-file " + good.cert());
        assertRefused(pem(encrypted), "extractor.redis.tls.key-file " + encrypted.key() + " is encrypted");
    }

    @Test
    void keyStoresThatCannotWorkAreNamedWhenTheClientIsBuiltWithoutTheirPassword() {
        String storePassword = "right-" + PASSWORD;
        Path store = certificates.keyStore(certificates.client("store", KeyForm.PKCS8_EC), storePassword);

        assertRefused(Optional.of(new ClientCertificate.KeyStoreFile(store, Optional.of("wrong-" + PASSWORD))),
                "extractor.redis.tls.key-store " + store + " cannot be read (wrong extractor.redis.tls.key-store-password?)");
        assertRefused(Optional.of(new ClientCertificate.KeyStoreFile(certificates.trustStore(storePassword), Optional.of(storePassword))),
                "extractor.redis.tls.key-store " + certificates.dir().resolve("truststore.p12") + " holds no private key, only certificates");
        assertRefused(Optional.of(new ClientCertificate.KeyStoreFile(certificates.caCert(), Optional.empty())),
                "extractor.redis.tls.key-store " + certificates.caCert() + " is not a PKCS12 or JKS key store; for PEM files use");
    }

    private static void assertRefused(Optional<ClientCertificate> client, String message) {
        assertThatThrownBy(() -> RedisClients.create(settings(client), 1, "mtls-test"))
                .as("%s", client)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining(PASSWORD);
    }
}
