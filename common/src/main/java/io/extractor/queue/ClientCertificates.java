package io.extractor.queue;

import static java.util.Objects.requireNonNull;

import io.extractor.queue.RedisSettings.ClientCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a Redis client certificate ({@code extractor.redis.tls.cert-file} and {@code key-file}, or {@code key-store})
 * into the key managers a TLS context presents it with. Everything that cannot work is found here, when the client
 * is built, and named by property and file: a missing or unreadable file, a key that is not the certificate's, an
 * encrypted key, a wrong key store password (never the password itself).
 */
final class ClientCertificates {
    /** Protects the key only inside this process's memory, in the key store the key managers are built from. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ClientCertificates() {
    }

    static KeyManager[] keyManagers(ClientCertificate certificate) {
        requireNonNull(certificate, "certificate");
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            switch (certificate) {
                case ClientCertificate.Pem pem -> factory.init(fromPem(pem), IN_MEMORY);
                case ClientCertificate.KeyStoreFile store -> {
                    char[] password = store.password().map(String::toCharArray).orElseGet(() -> new char[0]);
                    KeyStore keys = keyStore(store.keyStore(), password);
                    try {
                        factory.init(keys, password);
                    } catch (UnrecoverableKeyException e) {
                        throw new IllegalArgumentException("extractor.redis.tls.key-store " + store.keyStore() + ": its private key "
                                + "cannot be unlocked with extractor.redis.tls.key-store-password; the key must have the store's "
                                + "password (as openssl pkcs12 -export writes it)", e);
                    }
                }
            }
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the Redis client certificate: " + e.getMessage(), e);
        }
    }

    private static KeyStore fromPem(ClientCertificate.Pem pem) throws GeneralSecurityException {
        List<Certificate> chain = certificates(pem.certFile());
        PrivateKey key = privateKey(pem.keyFile());
        if (!matches(key, chain.getFirst())) {
            throw new IllegalArgumentException("extractor.redis.tls.key-file " + pem.keyFile() + " is not the private key of the "
                    + "certificate in extractor.redis.tls.cert-file " + pem.certFile() + "; give the key the certificate was issued for");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(Certificate[]::new));
        return store;
    }

    /** The certificate first, then any intermediate CAs the file holds after it. */
    private static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("extractor.redis.tls.cert-file " + file + " holds no certificate; give the client "
                        + "certificate in PEM, -----BEGIN CERTIFICATE----- and all");
            }
            return chain;
        } catch (IOException e) {
            throw new IllegalArgumentException("extractor.redis.tls.cert-file " + file + " cannot be read: " + reason(e), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("extractor.redis.tls.cert-file " + file + " is not a PEM certificate file ("
                    + firstLine(e.getMessage()) + "); give the client certificate, -----BEGIN CERTIFICATE----- and all", e);
        }
    }

    /**
     * The first private key in the file, in any of the PEM forms openssl and cert-manager write: {@code PRIVATE KEY}
     * (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1), {@code EC PRIVATE KEY} (SEC1, after any {@code EC PARAMETERS}).
     */
    private static PrivateKey privateKey(Path file) {
        boolean certificate = false;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                switch (object) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file);
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(file);
                    case X509CertificateHolder holder -> certificate = true;
                    default -> {
                        // EC PARAMETERS ahead of an EC key, or anything else beside the key
                    }
                }
            }
        } catch (IOException e) {
            // BouncyCastle's PEMException (a broken PEM block) is an IOException too
            throw new IllegalArgumentException("extractor.redis.tls.key-file " + file + " cannot be read: " + reason(e), e);
        }
        throw new IllegalArgumentException("extractor.redis.tls.key-file " + file + " holds no private key"
                + (certificate ? " but a certificate (are cert-file and key-file swapped?)" : "")
                + "; give the key in PEM, -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY, EC PRIVATE KEY) and all");
    }

    private static IllegalArgumentException encrypted(Path file) {
        return new IllegalArgumentException("extractor.redis.tls.key-file " + file + " is encrypted, and a PEM key is read only "
                + "unencrypted (as Redis's tls-key-file without tls-key-file-pass): decrypt it (openssl pkey -in <key> -out <plain key>) "
                + "into a file only this process may read, or put key and certificate in a PKCS12 key store with a password "
                + "(extractor.redis.tls.key-store)");
    }

    /** Whether the key signs what the certificate's public key verifies; unknown key types pass and fail at the handshake. */
    private static boolean matches(PrivateKey key, Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            // the certificate holds a key of another type
            return false;
        }
    }

    private static KeyStore keyStore(Path file, char[] password) throws GeneralSecurityException {
        KeyStore store;
        try {
            // the type (PKCS12 or JKS) is read from the file itself
            store = KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            String reason = e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong extractor.redis.tls.key-store-password?" : reason(e);
            throw new IllegalArgumentException("extractor.redis.tls.key-store " + file + " cannot be read (" + reason
                    + "); give a PKCS12 file holding the client certificate and its key, and its password", e);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("extractor.redis.tls.key-store " + file + " is not a PKCS12 or JKS key store; "
                    + "for PEM files use extractor.redis.tls.cert-file and extractor.redis.tls.key-file", e);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return store;
            }
        }
        throw new IllegalArgumentException("extractor.redis.tls.key-store " + file + " holds no private key, only certificates; "
                + "give a store with the client certificate and its key (openssl pkcs12 -export -in <cert> -inkey <key>)");
    }

    private static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException missing -> "no such file";
            case java.nio.file.AccessDeniedException denied -> "permission denied";
            default -> firstLine(e.getMessage());
        };
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
