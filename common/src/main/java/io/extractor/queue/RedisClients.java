package io.extractor.queue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one place a Redis client is built, for the coordinator and the workers alike: a pool whose every call
 * borrows a connection (so one client serves every thread of a process), logged in and encrypted as
 * {@link RedisSettings} says.
 */
public final class RedisClients {
    /** How long {@link #alert} listens after its handshake; Redis sends its alert at once. */
    static final Duration ALERT_WAIT = Duration.ofSeconds(2);
    /** What Redis (OpenSSL) answers a client certificate it did not get, or did not accept, with. */
    private static final List<String> CLIENT_CERTIFICATE_ALERTS = List.of("certificate_required", "bad_certificate", "unknown_ca",
            "certificate_unknown", "certificate_expired", "certificate_revoked", "unsupported_certificate", "access_denied");
    /** A Redis that accepts connections but never answers costs a call this long, not a hung thread. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the slowest script (cancelling or creating a job of 100,000 tasks takes well under a second). */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** A call that finds every pooled connection busy waits this long, then fails instead of queueing forever. */
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(5);

    private RedisClients() {
    }

    /** A client for a URL alone (credentials in it or none): for tests and tools. */
    public static RedisClient create(String url, int maxConnections, String clientName) {
        return create(RedisSettings.of(url), maxConnections, clientName);
    }

    /**
     * @param clientName shown by {@code CLIENT LIST}, so an operator (and the soak tests) can count a process's
     *                   connections
     * @throws IllegalArgumentException when a CA file, trust store, client certificate, key or key store cannot be
     *                                  used, naming the property; nothing connects here, so a Redis that is down
     *                                  does not stop a process starting
     */
    public static RedisClient create(RedisSettings settings, int maxConnections, String clientName) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(BORROW_TIMEOUT);
        // after a Redis restart every pooled connection is dead: a PING on borrow drops them instead of failing
        // the next call (an API request right after the restart answered 500 without it). Calls are a few per
        // second per process, so the extra round trip costs nothing measurable.
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
                .user(settings.user().orElse(null))
                .password(settings.password().orElse(null))
                .database(settings.database())
                .clientName(clientName.replaceAll("[^A-Za-z0-9._-]", "_"));
        settings.tls().ifPresent(tls -> config.ssl(true).sslSocketFactory(socketFactory(tls)).sslParameters(parameters(tls)));
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(settings.host(), settings.port()))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    /**
     * One round trip at startup, through a script that touches a key of the prefix: what every later call needs
     * (the login, TLS, the right to run scripts and to use the prefix's keys).
     *
     * @return empty when Redis answered; the reason when it cannot be reached at all (a process starts anyway and
     *         reconnects, as through any outage)
     * @throws IllegalStateException when Redis answers but refuses: wrong credentials, an ACL that forbids what the
     *                               extractor does, a certificate that is not trusted, a client certificate missing
     *                               or refused. Waiting would not fix those.
     */
    public static Optional<String> check(UnifiedJedis redis, RedisSettings settings, String key) {
        try {
            redis.eval("return redis.call('EXISTS', KEYS[1])", List.of(key), List.of());
            return Optional.empty();
        } catch (JedisException e) {
            if (refused(e)) {
                throw new IllegalStateException(explain(e, settings), e);
            }
            Optional<String> alert = settings.tls().isPresent() && brokenConnection(e) ? alert(settings) : Optional.empty();
            if (alert.isPresent()) {
                throw new IllegalStateException(handshakeFailed(alert.get(), settings), e);
            }
            return Optional.of(explain(e, settings));
        }
    }

    /**
     * The alert a TLS Redis closed a connection with, read off a handshake of its own. With TLS 1.3 a client's
     * handshake is over before Redis has checked the client's certificate, so a Redis that refuses it (missing, or
     * of a CA it does not trust) closes the connection under the first command, which then fails as a broken pipe
     * or a reset, like a Redis going down. A fresh handshake that only listens hears the alert Redis sends instead.
     *
     * @return the alert, e.g. {@code Received fatal alert: certificate_required}; empty when none came
     */
    static Optional<String> alert(RedisSettings settings) {
        RedisSettings.Tls tls = settings.tls().orElseThrow();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), (int) CONNECT_TIMEOUT.toMillis());
            try (SSLSocket socket = (SSLSocket) socketFactory(tls).createSocket(plain, settings.host(), settings.port(), true)) {
                socket.setSSLParameters(parameters(tls));
                socket.setSoTimeout((int) ALERT_WAIT.toMillis());
                socket.startHandshake();
                // Redis says nothing unasked: what arrives is an alert, or nothing until the timeout (it accepted us)
                socket.getInputStream().read();
            }
        } catch (SSLException e) {
            String text = firstLine(e.getMessage());
            return text.contains("Received fatal alert") ? Optional.of(text) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A connection that broke under a command, rather than one that could not be opened. */
    private static boolean brokenConnection(JedisException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage());
            if (cause instanceof java.net.SocketException && (text.contains("Broken pipe") || text.contains("Connection reset"))
                    || cause instanceof SSLException || text.contains("Unexpected end of stream")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What went wrong talking to Redis, in words an operator can act on, naming the properties to check. Never
     * holds a password: Redis's and Java's messages do not repeat one, and the URL is shown without it.
     */
    public static String explain(JedisException e, RedisSettings settings) {
        String where = "Redis at " + settings.shown();
        String message = firstLine(e.getMessage());
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String text = firstLine(cause.getMessage());
            if (cause instanceof JedisAccessControlException) {
                if (text.startsWith("NOAUTH")) {
                    return where + " wants a password and none is configured (" + text + "): set extractor.redis.password "
                            + "(EXTRACTOR_REDIS_PASSWORD) and, for an ACL user, extractor.redis.user";
                }
                if (text.startsWith("WRONGPASS")) {
                    return where + " refused the credentials (" + text + "): check extractor.redis.user and extractor.redis.password "
                            + "(or the user:password in extractor.redis.url) against the user's ACL, and that the user is on";
                }
                return where + " refused a command (" + text + "): the user's ACL must allow the extractor's commands and scripts "
                        + "on the keys of its prefix, e.g. ACL SETUSER <user> on ><password> ~<prefix>:* +@all -@dangerous";
            }
            if (cause instanceof java.security.cert.CertificateException || cause instanceof SSLException) {
                return handshakeFailed(text, settings);
            }
        }
        return where + " could not be reached: " + message;
    }

    /** Wrong credentials, missing permissions or a TLS certificate refused: Redis answered, and said no. */
    public static boolean refused(JedisException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JedisAccessControlException || cause instanceof java.security.cert.CertificateException
                    || cause instanceof javax.net.ssl.SSLHandshakeException
                    || cause instanceof SSLException && String.valueOf(cause.getMessage()).contains("Received fatal alert")) {
                return true;
            }
        }
        return false;
    }

    private static String handshakeFailed(String message, RedisSettings settings) {
        // Java writes "(certificate_required) Received fatal alert: certificate_required": the name once is enough
        String text = message.replaceFirst("^\\([a-z_]+\\) ", "");
        return "Redis at " + settings.shown() + ": TLS handshake failed (" + text + "): " + tlsAdvice(text, settings);
    }

    private static String tlsAdvice(String text, RedisSettings settings) {
        if (text.contains("Received fatal alert") && CLIENT_CERTIFICATE_ALERTS.stream().anyMatch(text::contains)) {
            return clientCertificateAdvice(settings.tls().flatMap(RedisSettings.Tls::clientCertificate));
        }
        if (text.contains("subject alternative name") || text.contains("No name matching")) {
            return "Redis's certificate does not name " + settings.host() + "; connect by a name it holds, or set "
                    + "extractor.redis.tls.verify-host-name=false to check only that a trusted CA signed it";
        }
        if (text.contains("PKIX") || text.contains("certification path") || text.contains("trust anchor")) {
            return "Redis's certificate is not signed by a CA this process trusts; give that CA in extractor.redis.tls.ca-file "
                    + "(PEM) or extractor.redis.tls.trust-store";
        }
        return "check that Redis serves TLS on port " + settings.port() + " (tls-port) and that its certificate and the "
                + "extractor.redis.tls.* settings match";
    }

    private static SSLParameters parameters(RedisSettings.Tls tls) {
        SSLParameters parameters = new SSLParameters();
        // Java's TLS checks the certificate's chain always, its names only when asked for this
        parameters.setEndpointIdentificationAlgorithm(tls.verifyHostName() ? "HTTPS" : null);
        return parameters;
    }

    private static String clientCertificateAdvice(Optional<RedisSettings.ClientCertificate> configured) {
        if (configured.isEmpty()) {
            return "Redis requires a client certificate (tls-auth-clients yes) and none is configured: give one issued by a CA "
                    + "Redis trusts (its tls-ca-cert-file) in extractor.redis.tls.cert-file and extractor.redis.tls.key-file "
                    + "(PEM, as redis-cli --cert and --key take them) or in extractor.redis.tls.key-store";
        }
        String which = switch (configured.get()) {
            case RedisSettings.ClientCertificate.Pem pem -> "extractor.redis.tls.cert-file " + pem.certFile();
            case RedisSettings.ClientCertificate.KeyStoreFile store -> "extractor.redis.tls.key-store " + store.keyStore();
        };
        return "Redis did not accept this process's client certificate (" + which + "): it must be issued by a CA Redis trusts "
                + "(its tls-ca-cert-file or tls-ca-cert-dir), be valid now and allow client authentication";
    }

    /**
     * Trusts exactly the configured CA (PEM or trust store), or, with neither, the JVM's trusted CAs; presents the
     * client certificate, if one is configured, to a Redis that asks for one.
     */
    private static SSLSocketFactory socketFactory(RedisSettings.Tls tls) {
        try {
            KeyStore trusted = null;
            if (tls.caFile().isPresent()) {
                trusted = caCertificates(tls.caFile().get());
            } else if (tls.trustStore().isPresent()) {
                trusted = trustStore(tls.trustStore().get(), tls.trustStorePassword());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keys = tls.clientCertificate().map(ClientCertificates::keyManagers).orElse(null);
            context.init(keys, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for Redis: " + e.getMessage(), e);
        }
    }

    private static KeyStore caCertificates(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("extractor.redis.tls.ca-file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("extractor.redis.tls.ca-file " + file + " is not a PEM certificate file ("
                    + firstLine(e.getMessage()) + "); give the CA's certificate, -----BEGIN CERTIFICATE----- and all", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("extractor.redis.tls.ca-file " + file + " holds no certificate; give the CA's certificate in PEM");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    private static KeyStore trustStore(Path file, Optional<String> password) throws GeneralSecurityException {
        try {
            // the type (PKCS12 or JKS) is read from the file itself
            return KeyStore.getInstance(file.toFile(), password.map(String::toCharArray).orElse(null));
        } catch (IOException e) {
            String reason = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong extractor.redis.tls.trust-store-password?" : e.getMessage();
            throw new IllegalArgumentException("extractor.redis.tls.trust-store " + file + " cannot be read (" + reason
                    + "); give a PKCS12 or JKS file and its password", e);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException("extractor.redis.tls.trust-store " + file + " is not a PKCS12 or JKS trust store; "
                    + "for a PEM file use extractor.redis.tls.ca-file", e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
