package io.extractor.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator serving HTTPS itself, configured as README "### HTTPS" says ({@link HttpsServices}): the API and
 * the status page answer over TLS with the configured certificate, Basic credentials work over it, and plain HTTP
 * is not served at all.
 */
@QuarkusTest
@QuarkusTestResource(value = HttpsServices.class, restrictToAnnotatedClass = true)
class HttpsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Trusts only the throwaway CA, and checks that the certificate names the host, as any HTTPS client does. */
    private final HttpClient https = HttpClient.newBuilder().sslContext(HttpsServices.certificates.sslContext())
            .connectTimeout(TIMEOUT).build();

    @AfterEach
    void close() {
        https.close();
    }

    private static HttpRequest get(String scheme, int port, String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path)).timeout(TIMEOUT);
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    @Test
    void theApiAndTheStatusPageAnswerOverHttpsWithBasicCredentials() throws Exception {
        HttpResponse<String> jobs = https.send(get("https", HttpsServices.httpsPort, "/api/jobs", "viewer", AuthServices.PASSWORD),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = https.send(get("https", HttpsServices.httpsPort, "/", "viewer", AuthServices.PASSWORD),
                HttpResponse.BodyHandlers.ofString());

        assertThat(jobs.statusCode()).as("GET /api/jobs: %s", jobs.body()).isEqualTo(200);
        assertThat(jobs.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(jobs.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).startsWith("TLSv1."));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
    }

    @Test
    void overHttpsACallerWithoutOrWithWrongCredentialsIsStillRefused() throws Exception {
        HttpResponse<String> anonymous = https.send(get("https", HttpsServices.httpsPort, "/api/jobs", null, null),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = https.send(get("https", HttpsServices.httpsPort, "/api/jobs", "admin", "not the password"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void plainHttpIsNotServedNeitherOnItsOwnPortNorOnTheHttpsPort() {
        try (HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            // insecure-requests=disabled: the plain HTTP port is not opened at all
            assertThatThrownBy(() -> plain.send(get("http", HttpsServices.httpPort, "/api/jobs", "viewer", AuthServices.PASSWORD),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            // and the HTTPS port answers nothing to a request in the clear (it closes the connection)
            assertThatThrownBy(() -> plain.send(get("http", HttpsServices.httpsPort, "/api/jobs", "viewer", AuthServices.PASSWORD),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificatesCaIsRefusedByItsOwnTls() {
        try (HttpClient publicCasOnly = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            assertThatThrownBy(() -> publicCasOnly.send(get("https", HttpsServices.httpsPort, "/api/jobs", "viewer", AuthServices.PASSWORD),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}
