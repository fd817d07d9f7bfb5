package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.source.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Redis is and how to reach it, checked once: host, port, database, the credentials (from the URL or from
 * their own properties, never both) and, for {@code rediss://}, which certificates to trust. Built from
 * {@code extractor.redis.*} by {@code RedisConfig.settings()}; {@link RedisClients} turns it into a client.
 * {@link #toString()} and {@link #shown()} never include a password.
 *
 * @param user     ACL user; empty: Redis's {@code default} user
 * @param password AUTH password (of {@code user}, or {@code requirepass}); empty: no AUTH
 * @param tls      present for {@code rediss://}
 */
public record RedisSettings(String host, int port, int database, Optional<String> user, Optional<String> password,
                            Optional<Tls> tls) {
    public static final int DEFAULT_PORT = 6379;

    /**
     * How a {@code rediss://} connection checks the server, and the certificate it shows of its own. With neither
     * CA file nor trust store, the JVM's default trust store (public CAs, or {@code -Djavax.net.ssl.trustStore}).
     *
     * @param caFile             PEM file of the CA certificate(s) that signed Redis's certificate
     * @param trustStore         PKCS12 or JKS trust store holding them (instead of {@code caFile})
     * @param trustStorePassword the trust store's password, if it has one
     * @param verifyHostName     the certificate must name the host connected to (off only for certificates
     *                           issued for another name; the CA is checked either way)
     * @param clientCertificate  what this process proves itself with to a Redis with {@code tls-auth-clients yes};
     *                           empty: no certificate
     */
    public record Tls(Optional<Path> caFile, Optional<Path> trustStore, Optional<String> trustStorePassword, boolean verifyHostName,
                      Optional<ClientCertificate> clientCertificate) {
        public static final Tls DEFAULT = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), true);

        public Tls {
            requireNonNull(caFile, "caFile");
            requireNonNull(trustStore, "trustStore");
            requireNonNull(trustStorePassword, "trustStorePassword");
            requireNonNull(clientCertificate, "clientCertificate");
            if (caFile.isPresent() && trustStore.isPresent()) {
                throw new IllegalArgumentException("extractor.redis.tls.ca-file and extractor.redis.tls.trust-store are both set: "
                        + "give the CA one way, a PEM file or a trust store");
            }
            if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
                throw new IllegalArgumentException("extractor.redis.tls.trust-store-password is set without extractor.redis.tls.trust-store");
            }
        }

        /** Checking the server only, with no certificate of this process's own. */
        public Tls(Optional<Path> caFile, Optional<Path> trustStore, Optional<String> trustStorePassword, boolean verifyHostName) {
            this(caFile, trustStore, trustStorePassword, verifyHostName, Optional.empty());
        }

        @Override
        public String toString() {
            return "Tls[caFile=" + caFile.map(Path::toString).orElse("-") + ", trustStore=" + trustStore.map(Path::toString).orElse("-")
                    + ", trustStorePassword=" + trustStorePassword.map(p -> "***").orElse("-") + ", verifyHostName=" + verifyHostName
                    + ", clientCertificate=" + clientCertificate.map(ClientCertificate::toString).orElse("-") + "]";
        }
    }

    /**
     * The certificate and private key a process presents to a Redis that requires one ({@code tls-auth-clients yes}):
     * PEM files, as {@code redis-cli --cert --key} and Redis's own {@code tls-cert-file} take them, or a PKCS12 key store.
     */
    public sealed interface ClientCertificate {
        /**
         * {@code extractor.redis.tls.cert-file}, {@code key-file}, {@code key-store} and {@code key-store-password} checked
         * against each other: one way or the other, each whole.
         *
         * @return empty when none is set
         */
        static Optional<ClientCertificate> of(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> keyStore,
                                              Optional<String> keyStorePassword) {
            if (keyStore.isPresent() && (certFile.isPresent() || keyFile.isPresent())) {
                throw new IllegalArgumentException("extractor.redis.tls." + (certFile.isPresent() ? "cert-file" : "key-file")
                        + " and extractor.redis.tls.key-store are both set: give the client certificate one way, PEM files "
                        + "(cert-file and key-file) or a PKCS12 key store");
            }
            if (keyStorePassword.isPresent() && keyStore.isEmpty()) {
                throw new IllegalArgumentException("extractor.redis.tls.key-store-password is set without extractor.redis.tls.key-store");
            }
            if (certFile.isPresent() != keyFile.isPresent()) {
                throw new IllegalArgumentException(certFile.isPresent()
                        ? "extractor.redis.tls.cert-file is set without extractor.redis.tls.key-file: give the certificate's "
                                + "private key too (PEM, what redis-cli --key takes)"
                        : "extractor.redis.tls.key-file is set without extractor.redis.tls.cert-file: give the key's "
                                + "certificate too (PEM, what redis-cli --cert takes)");
            }
            if (certFile.isPresent()) {
                return Optional.of(new Pem(certFile.get(), keyFile.get()));
            }
            return keyStore.map(file -> new KeyStoreFile(file, keyStorePassword));
        }

        /**
         * @param certFile the certificate, optionally followed by the intermediate CAs between it and Redis's CA
         * @param keyFile  its private key, unencrypted: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
         *                 or SEC1 ({@code EC PRIVATE KEY})
         */
        record Pem(Path certFile, Path keyFile) implements ClientCertificate {
            public Pem {
                requireNonNull(certFile, "certFile");
                requireNonNull(keyFile, "keyFile");
            }
        }

        /**
         * @param keyStore PKCS12 (or JKS) file holding the private key and its certificate chain
         * @param password the store's password, also the key's (as {@code openssl pkcs12 -export} writes it)
         */
        record KeyStoreFile(Path keyStore, Optional<String> password) implements ClientCertificate {
            public KeyStoreFile {
                requireNonNull(keyStore, "keyStore");
                requireNonNull(password, "password");
            }

            @Override
            public String toString() {
                return "KeyStoreFile[keyStore=" + keyStore + ", password=" + password.map(p -> "***").orElse("-") + "]";
            }
        }
    }

    public RedisSettings {
        requireNonNull(host, "host");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(tls, "tls");
        if (user.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("Redis user " + user.get() + " has no password: set extractor.redis.password "
                    + "(EXTRACTOR_REDIS_PASSWORD), or write redis://user:password@host in extractor.redis.url");
        }
    }

    /** A URL alone, credentials in it or none, TLS with the JVM's trust for {@code rediss://}: what tests and tools use. */
    public static RedisSettings of(String url) {
        return of(url, Optional.empty(), Optional.empty(), Tls.DEFAULT);
    }

    /**
     * @param url      {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS
     * @param user     {@code extractor.redis.user}: only if the URL names no user
     * @param password {@code extractor.redis.password}: only if the URL holds no password
     * @param tls      {@code extractor.redis.tls.*}; anything but the default needs {@code rediss://}
     */
    public static RedisSettings of(String url, Optional<String> user, Optional<String> password, Tls tls) {
        requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // the exception's own message repeats the URL, password and all: only its reason is shown
            throw new IllegalArgumentException("extractor.redis.url is not a URL (" + e.getReason() + "): " + safe(url)
                    + "; write redis://[user:password@]host[:port][/db], percent-encoding @ : / % in the password, or give the password in "
                    + "extractor.redis.password");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("extractor.redis.url must start with redis:// (or rediss:// for TLS), got " + safe(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("extractor.redis.url names no host: " + safe(url)
                    + "; write redis://[user:password@]host[:port][/db], percent-encoding @ : / % in the password");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("extractor.redis.url takes no options after ? or #: " + safe(url)
                    + "; TLS is rediss://, credentials and certificates have their own extractor.redis.* properties");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        int database = database(uri.getRawPath(), url);

        Optional<String> urlUser = Optional.empty();
        Optional<String> urlPassword = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("extractor.redis.url has a user but no password: " + safe(url)
                        + "; write redis://user:password@host (an ACL user), redis://:password@host (requirepass), "
                        + "or give the password in extractor.redis.password");
            }
            urlUser = Optional.of(decode(userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            urlPassword = Optional.of(decode(userInfo.substring(colon + 1)));
        }
        if (urlUser.isPresent() && user.isPresent()) {
            throw new IllegalArgumentException("the Redis user is given twice, in extractor.redis.url and in extractor.redis.user: give it in one place");
        }
        if (urlPassword.isPresent() && password.isPresent()) {
            throw new IllegalArgumentException("the Redis password is given twice, in extractor.redis.url and in extractor.redis.password: "
                    + "give it in one place (extractor.redis.password keeps it out of the URL)");
        }
        boolean secure = scheme.equals("rediss");
        if (!secure && !tls.equals(Tls.DEFAULT)) {
            throw new IllegalArgumentException("extractor.redis.tls.* is set but extractor.redis.url starts with redis://, which is not "
                    + "encrypted: write rediss:// for TLS");
        }
        return new RedisSettings(host, port, database, urlUser.or(() -> user), urlPassword.or(() -> password),
                secure ? Optional.of(tls) : Optional.empty());
    }

    /** The URL without credentials, with the user it connects as: what startup lines and errors show. */
    public String shown() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return (tls.isPresent() ? "rediss://" : "redis://") + address + ":" + port + (database == 0 ? "" : "/" + database)
                + (user.isPresent() ? " as user " + user.get() : password.isPresent() ? " with a password" : "");
    }

    /** What must never be printed: the password, the trust store's and the key store's passwords. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        password.ifPresent(secrets::add);
        tls.flatMap(Tls::trustStorePassword).ifPresent(secrets::add);
        tls.flatMap(Tls::clientCertificate)
                .flatMap(c -> c instanceof ClientCertificate.KeyStoreFile store ? store.password() : Optional.empty())
                .ifPresent(secrets::add);
        return secrets;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + shown() + ", password=" + password.map(p -> "***").orElse("-") + ", tls=" + tls.map(Tls::toString).orElse("-") + "]";
    }

    /**
     * The URL as given, for an error about it, with everything before its last {@code @} after the scheme hidden:
     * a URL that does not parse may hold a password with spaces or a raw {@code @}, which no pattern can find.
     */
    private static String safe(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return Redaction.url(url);
        }
        int scheme = url.indexOf("://");
        return Redaction.url((scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "") + "***" + url.substring(at));
    }

    private static int database(String path, String url) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int database = Integer.parseInt(path.substring(1));
            if (database >= 0) {
                return database;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("extractor.redis.url ends in " + path + ", which is not a database number: " + safe(url));
    }

    /** Percent-decoding only: a {@code +} in a password is a plus, not a space. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("extractor.redis.url has a broken %-escape in its user or password; write % as %25");
        }
    }
}
