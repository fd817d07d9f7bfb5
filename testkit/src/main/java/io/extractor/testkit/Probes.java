package io.extractor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Asks an app's management port (health probes, metrics) as a kubelet or Prometheus would: a plain GET, no login. */
public final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: its status, content type and body. */
    public record Answer(int status, String contentType, String body) {
    }

    private Probes() {
    }

    public static Answer get(URI uri) {
        return get(uri, "*/*");
    }

    /** @param accept the {@code Accept} header, e.g. {@code text/plain} for Prometheus's classic text format */
    public static Answer get(URI uri, String accept) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", accept)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asks until an answer matches {@code wanted}, or fails with the last answer after {@code timeout}. */
    public static Answer await(URI uri, Duration timeout, String what, Predicate<Answer> wanted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(uri);
                if (wanted.test(last)) {
                    return last;
                }
            } catch (UncheckedIOException notListening) {
                // not started yet, or restarting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(uri + " not " + what + " within " + timeout.toSeconds() + " s; last answer " + last);
    }
}
