package io.extractor.coordinator.auth;

import io.extractor.testkit.TlsCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built-in users of {@link AuthServices}, served over HTTPS only, configured as README "### HTTPS" says: a PEM
 * certificate and key (from a throwaway CA made by openssl) in Quarkus' TLS registry, plain HTTP disabled.
 */
public class HttpsServices extends AuthServices {
    public static TlsCertificates certificates;
    /** Where the coordinator would answer plain HTTP, were it allowed to. */
    public static int httpPort;
    public static int httpsPort;
    private Path dir;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            dir = Files.createTempDirectory("coordinator-https-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificates = TlsCertificates.create(dir);
        config.put("quarkus.tls.key-store.pem.0.cert", certificates.serverCert().toString());
        config.put("quarkus.tls.key-store.pem.0.key", certificates.serverKey().toString());
        config.put("quarkus.http.insecure-requests", "disabled");
        // the test's own ports stand in for quarkus.http.port and quarkus.http.ssl-port, which test mode ignores
        httpPort = freePort();
        httpsPort = freePort();
        config.put("quarkus.http.test-port", String.valueOf(httpPort));
        config.put("quarkus.http.test-ssl-port", String.valueOf(httpsPort));
        return config;
    }

    @Override
    public void stop() {
        super.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
