package io.extractor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA and a server certificate it signed, made by the machine's {@code openssl} in a directory of the
 * test's own: what a private Redis serves TLS with, and what a client must trust to reach it. Valid for two days.
 *
 * @param caCert     PEM of the CA certificate (what {@code extractor.redis.tls.ca-file} takes)
 * @param serverCert PEM of the server certificate, naming the hosts given to {@link #create}
 * @param serverKey  PEM of its private key (unencrypted)
 * @param client     a client certificate of this CA, which {@link #socketFactory()} presents, so a test's own
 *                   probes and admin clients pass a server that requires one ({@code tls-auth-clients yes})
 */
public record TlsCertificates(Path dir, Path caCert, Path serverCert, Path serverKey, Client client) {
    private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$");
    private static final String CLIENT_STORE_PASSWORD = "testkit";

    /** A client certificate of this CA and its unencrypted private key, PEM files as {@code redis-cli --cert --key} take them. */
    public record Client(Path cert, Path key) {
    }

    /** The PEM forms a private key comes in; each begins with its own {@code -----BEGIN ...-----} line. */
    public enum KeyForm {
        /** {@code PRIVATE KEY}: what OpenSSL 3 writes by default (here an EC key) */
        PKCS8_EC,
        /** {@code EC PARAMETERS} then {@code EC PRIVATE KEY}: what {@code openssl ecparam -genkey} writes */
        SEC1_EC,
        /** {@code RSA PRIVATE KEY}: OpenSSL 1.x's {@code genrsa}, and cert-manager's default encoding */
        PKCS1_RSA,
        /** {@code ENCRYPTED PRIVATE KEY}: PKCS#8 under a passphrase */
        ENCRYPTED_PKCS8
    }

    /** A CA and a server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public static TlsCertificates create(Path dir) {
        return create(dir, "localhost", "127.0.0.1");
    }

    /** @param names the host names and IP addresses the server certificate holds (its subject alternative names) */
    public static TlsCertificates create(Path dir, String... names) {
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve("ca.key");
            Path caCert = dir.resolve("ca.crt");
            Path serverKey = dir.resolve("server.key");
            Path serverCsr = dir.resolve("server.csr");
            Path serverCert = dir.resolve("server.crt");
            Path extensions = dir.resolve("server.ext");
            // EC keys: made in milliseconds, where RSA keys cost a test seconds
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "2", "-subj", "/CN=extractor test CA " + serial(),
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", serverKey.toString(), "-out", serverCsr.toString(), "-subj", "/CN=" + names[0]);
            List<String> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add((IP.matcher(name).matches() ? "IP:" : "DNS:") + name);
            }
            Files.writeString(extensions, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=" + String.join(",", alternatives) + "\n");
            openssl(dir, "x509", "-req", "-in", serverCsr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                    "-set_serial", "0x" + serial(), "-days", "2", "-extfile", extensions.toString(), "-out", serverCert.toString());
            Client client = client(dir, caCert, caKey, "extractor-test-client", KeyForm.PKCS8_EC);
            openssl(dir, "pkcs12", "-export", "-in", client.cert().toString(), "-inkey", client.key().toString(),
                    "-out", dir.resolve("testkit-client.p12").toString(), "-passout", "pass:" + CLIENT_STORE_PASSWORD);
            return new TlsCertificates(dir, caCert, serverCert, serverKey, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another client certificate this CA signed, for {@code CN=name}, its key written in {@code form}
     * ({@link KeyForm#ENCRYPTED_PKCS8} under the passphrase {@code name}).
     */
    public Client client(String name, KeyForm form) {
        try {
            return client(dir, caCert, dir.resolve("ca.key"), name, form);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS12 key store holding {@code client}'s certificate and key, protected by {@code password}, made by openssl. */
    public Path keyStore(Client client, String password) {
        Path file = client.cert().resolveSibling(client.cert().getFileName().toString().replace(".crt", ".p12"));
        try {
            openssl(dir, "pkcs12", "-export", "-in", client.cert().toString(), "-inkey", client.key().toString(), "-out", file.toString(),
                    "-passout", "pass:" + password);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Client client(Path dir, Path caCert, Path caKey, String name, KeyForm form) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path extensions = dir.resolve(name + ".ext");
        switch (form) {
            case PKCS8_EC -> openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", key.toString());
            case SEC1_EC -> openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
            case PKCS1_RSA -> openssl(dir, "genrsa", "-traditional", "-out", key.toString(), "2048");
            case ENCRYPTED_PKCS8 -> openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-aes-256-cbc",
                    "-pass", "pass:" + name, "-out", key.toString());
        }
        openssl(dir, "req", "-new", "-key", key.toString(), "-passin", "pass:" + name, "-out", csr.toString(), "-subj", "/CN=" + name);
        Files.writeString(extensions, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=clientAuth\n");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + serial(), "-days", "2", "-extfile", extensions.toString(), "-out", cert.toString());
        return new Client(cert, key);
    }

    /** A PKCS12 trust store holding the CA, protected by {@code password}, for clients that take one instead of PEM. */
    public Path trustStore(String password) {
        Path file = dir.resolve("truststore.p12");
        try (InputStream in = Files.newInputStream(caCert); OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            store.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sockets that trust this CA alone (host names are not checked: for test-side probes and clients) and present
     * {@link #client()} when the server asks for a certificate.
     */
    public SSLSocketFactory socketFactory() {
        return sslContext().getSocketFactory();
    }

    /**
     * A TLS context that trusts this CA alone and presents {@link #client()} when asked, e.g. for an
     * {@code HttpClient} (which, unlike a bare socket, also checks that the certificate names the host).
     */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStore.getInstance(dir.resolve("testkit-client.p12").toFile(), CLIENT_STORE_PASSWORD.toCharArray()),
                    CLIENT_STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serial() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] &= 0x7f;
        return HexFormat.of().formatHex(bytes);
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run openssl (is it installed?) to make test certificates", e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
