package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** extractor.redis.* read into one set of settings: credentials from the URL or their own properties, TLS from rediss://. */
class RedisSettingsTest {
    private static final RedisSettings.Tls NO_TLS = RedisSettings.Tls.DEFAULT;

    @Test
    void aPlainUrlHasNoCredentialsAndNoTls() {
        RedisSettings settings = RedisSettings.of("redis://127.0.0.1:6379");

        assertThat(settings).isEqualTo(new RedisSettings("127.0.0.1", 6379, 0, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(settings.shown()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void anAclUserAndAPercentEncodedPasswordAreReadFromTheUrl() {
        RedisSettings settings = RedisSettings.of("redis://extractor:p%40ss%3Aw+rd%25@redis.internal:6380/2");

        assertThat(settings.user()).contains("extractor");
        assertThat(settings.password()).contains("p@ss:w+rd%");
        assertThat(settings.host()).isEqualTo("redis.internal");
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.database()).isEqualTo(2);
        assertThat(settings.shown()).isEqualTo("redis://redis.internal:6380/2 as user extractor");
        assertThat(settings.secrets()).containsExactly("p@ss:w+rd%");
    }

    @Test
    void aRequirepassPasswordHasNoUser() {
        RedisSettings settings = RedisSettings.of("redis://:s3cret-pw@redis.internal");

        assertThat(settings.user()).isEmpty();
        assertThat(settings.password()).contains("s3cret-pw");
        assertThat(settings.port()).isEqualTo(6379);
        assertThat(settings.shown()).isEqualTo("redis://redis.internal:6379 with a password");
    }

    @Test
    void userAndPasswordCanComeFromTheirOwnPropertiesSoTheUrlHoldsNoSecret() {
        RedisSettings settings = RedisSettings.of("rediss://redis.internal:6380", Optional.of("extractor"), Optional.of("s3cret-pw"), NO_TLS);

        assertThat(settings.user()).contains("extractor");
        assertThat(settings.password()).contains("s3cret-pw");
        assertThat(settings.tls()).contains(RedisSettings.Tls.DEFAULT);
        assertThat(settings.shown()).isEqualTo("rediss://redis.internal:6380 as user extractor");
        assertThat(settings.toString()).doesNotContain("s3cret-pw").contains("password=***");
    }

    @Test
    void aCaFileAndHostNameCheckApplyToRediss() {
        RedisSettings.Tls tls = new RedisSettings.Tls(Optional.of(Path.of("/etc/redis/ca.crt")), Optional.empty(), Optional.empty(), false);

        RedisSettings settings = RedisSettings.of("rediss://10.0.0.5:6380", Optional.empty(), Optional.empty(), tls);

        assertThat(settings.tls()).contains(tls);
    }

    @Test
    void aPasswordOrUserGivenTwiceIsRefused() {
        assertThatThrownBy(() -> RedisSettings.of("redis://:in-url-pw@h", Optional.empty(), Optional.of("property-pw"), NO_TLS))
                .hasMessageContaining("password is given twice").hasMessageNotContaining("in-url-pw").hasMessageNotContaining("property-pw");
        assertThatThrownBy(() -> RedisSettings.of("redis://alice:pw-1@h", Optional.of("bob"), Optional.empty(), NO_TLS))
                .hasMessageContaining("user is given twice").hasMessageNotContaining("pw-1");
    }

    @Test
    void aUserWithoutAPasswordIsRefusedRatherThanSilentlyNotLoggingIn() {
        assertThatThrownBy(() -> RedisSettings.of("redis://extractor@h:6379"))
                .hasMessageContaining("has a user but no password").hasMessageContaining("extractor.redis.password");
        assertThatThrownBy(() -> RedisSettings.of("redis://h:6379", Optional.of("extractor"), Optional.empty(), NO_TLS))
                .hasMessageContaining("has no password").hasMessageContaining("EXTRACTOR_REDIS_PASSWORD");
    }

    @Test
    void tlsSettingsOnAPlainUrlAreRefusedInsteadOfSendingEverythingUnencrypted() {
        RedisSettings.Tls tls = new RedisSettings.Tls(Optional.of(Path.of("ca.crt")), Optional.empty(), Optional.empty(), true);

        assertThatThrownBy(() -> RedisSettings.of("redis://h:6379", Optional.empty(), Optional.empty(), tls))
                .hasMessageContaining("write rediss://");
    }

    @Test
    void aCaFileAndATrustStoreTogetherAreRefused() {
        assertThatThrownBy(() -> new RedisSettings.Tls(Optional.of(Path.of("ca.crt")), Optional.of(Path.of("t.p12")), Optional.empty(), true))
                .hasMessageContaining("give the CA one way");
        assertThatThrownBy(() -> new RedisSettings.Tls(Optional.empty(), Optional.empty(), Optional.of("store-pw"), true))
                .hasMessageContaining("trust-store-password is set without").hasMessageNotContaining("store-pw");
    }

    @Test
    void aClientCertificateIsGivenAsTwoPemFilesOrAKeyStoreEachWhole() {
        Optional<Path> cert = Optional.of(Path.of("client.crt"));
        Optional<Path> key = Optional.of(Path.of("client.key"));
        Optional<Path> store = Optional.of(Path.of("client.p12"));
        Optional<Path> none = Optional.empty();

        assertThat(RedisSettings.ClientCertificate.of(cert, key, none, Optional.empty()))
                .contains(new RedisSettings.ClientCertificate.Pem(Path.of("client.crt"), Path.of("client.key")));
        assertThat(RedisSettings.ClientCertificate.of(none, none, store, Optional.of("store-pw")))
                .contains(new RedisSettings.ClientCertificate.KeyStoreFile(Path.of("client.p12"), Optional.of("store-pw")));
        assertThat(RedisSettings.ClientCertificate.of(none, none, none, Optional.empty())).isEmpty();

        assertThatThrownBy(() -> RedisSettings.ClientCertificate.of(cert, key, store, Optional.empty()))
                .hasMessage("extractor.redis.tls.cert-file and extractor.redis.tls.key-store are both set: give the client certificate "
                        + "one way, PEM files (cert-file and key-file) or a PKCS12 key store");
        assertThatThrownBy(() -> RedisSettings.ClientCertificate.of(none, key, store, Optional.empty()))
                .hasMessageStartingWith("extractor.redis.tls.key-file and extractor.redis.tls.key-store are both set");
        assertThatThrownBy(() -> RedisSettings.ClientCertificate.of(cert, none, none, Optional.empty()))
                .hasMessageStartingWith("extractor.redis.tls.cert-file is set without extractor.redis.tls.key-file");
        assertThatThrownBy(() -> RedisSettings.ClientCertificate.of(none, key, none, Optional.empty()))
                .hasMessageStartingWith("extractor.redis.tls.key-file is set without extractor.redis.tls.cert-file");
        assertThatThrownBy(() -> RedisSettings.ClientCertificate.of(none, none, none, Optional.of("store-pw")))
                .hasMessage("extractor.redis.tls.key-store-password is set without extractor.redis.tls.key-store");
    }

    @Test
    void aClientCertificateOnAPlainUrlIsRefusedAndItsPasswordNeverShown() {
        RedisSettings.Tls tls = new RedisSettings.Tls(Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.of(new RedisSettings.ClientCertificate.KeyStoreFile(Path.of("client.p12"), Optional.of("store-pw"))));

        assertThatThrownBy(() -> RedisSettings.of("redis://h:6379", Optional.empty(), Optional.empty(), tls))
                .hasMessageContaining("write rediss://").hasMessageNotContaining("store-pw");
        RedisSettings settings = RedisSettings.of("rediss://h:6380", Optional.empty(), Optional.empty(), tls);
        assertThat(settings.toString()).doesNotContain("store-pw").contains("keyStore=client.p12, password=***");
        assertThat(settings.secrets()).containsExactly("store-pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "redis://:hunter2 2@h:6379",          // not a URL at all
        "redis://:hunter2@@h:6379",           // an @ that was not percent-encoded: no host left
        "http://:hunter2@h:6379",             // not Redis
        "redis://:hunter2@h:6379/zero",       // no database number
        "redis://:hunter2@h:6379?password=hunter2",
    })
    void aBadUrlIsRefusedWithWhatToWriteAndWithoutItsPassword(String url) {
        assertThatThrownBy(() -> RedisSettings.of(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extractor.redis.url")
                .hasMessageNotContaining("hunter2");
    }
}
