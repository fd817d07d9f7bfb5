package io.extractor.config;

import io.extractor.queue.RedisSettings;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code extractor.redis.*}: where the queue lives, and how to log in to it. */
public interface RedisConfig {
    /**
     * {@code redis://[[user]:password@]host[:port][/db]}; {@code rediss://} for TLS. Credentials may be written here
     * or, to keep them out of the URL, in {@link #user()} and {@link #password()}.
     */
    @WithDefault("redis://127.0.0.1:6379")
    String url();

    /** Namespace of every key; workers and coordinator of one deployment must agree on it. */
    @WithDefault("extractor")
    String prefix();

    /** ACL user to log in as (Redis 6+); absent: the URL's user, else Redis's {@code default} user. */
    Optional<String> user();

    /**
     * The user's password, or Redis's {@code requirepass}; absent: the URL's, else none. Meant for a secret in the
     * environment ({@code EXTRACTOR_REDIS_PASSWORD}); never logged.
     */
    Optional<String> password();

    Tls tls();

    /**
     * {@code extractor.redis.tls.*}: how a {@code rediss://} connection checks the server's certificate, and the
     * client certificate it presents to a Redis that requires one.
     */
    interface Tls {
        /** PEM file of the CA certificate(s) that signed Redis's certificate (a private CA); absent: the JVM's trusted CAs. */
        Optional<Path> caFile();

        /** PKCS12 or JKS trust store holding that CA, instead of {@link #caFile()}. */
        Optional<Path> trustStore();

        /** Password of {@link #trustStore()}, if it has one; never logged. */
        Optional<String> trustStorePassword();

        /** The certificate must name the host of the URL; the CA is checked either way. */
        @WithDefault("true")
        boolean verifyHostName();

        /** PEM file of this process's client certificate (Redis {@code tls-auth-clients yes}), with {@link #keyFile()}. */
        Optional<Path> certFile();

        /** PEM file of that certificate's private key, unencrypted (PKCS#8, PKCS#1 RSA or SEC1 EC). */
        Optional<Path> keyFile();

        /** PKCS12 key store holding the client certificate and key, instead of {@link #certFile()} and {@link #keyFile()}. */
        Optional<Path> keyStore();

        /** Password of {@link #keyStore()} and of the key in it; never logged. */
        Optional<String> keyStorePassword();
    }

    /** The properties checked against each other and the URL parsed: what {@code RedisClients} connects with. */
    default RedisSettings settings() {
        return RedisSettings.of(url(), user(), password(),
                new RedisSettings.Tls(tls().caFile(), tls().trustStore(), tls().trustStorePassword(), tls().verifyHostName(),
                        RedisSettings.ClientCertificate.of(tls().certFile(), tls().keyFile(), tls().keyStore(), tls().keyStorePassword())));
    }
}
