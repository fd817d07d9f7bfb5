package io.extractor.coordinator.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Headers that keep a browser from turning the status page or an API answer against its user, on every answer the
 * HTTP server gives: the page, its script and style, the API, and the errors answered below the REST layer
 * ({@link HttpErrors}). Set here, in the router, rather than in a JAX-RS response filter, which never sees the
 * static page or those errors.
 */
@Singleton
public class SecurityHeaders {
    /**
     * Scripts and styles only from files of this server (no inline script, no {@code eval}), requests only to it,
     * no framing by any page, no {@code <base>} or form that points elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            // a JSON answer is never run as a script or rendered as HTML, whatever it holds
            "X-Content-Type-Options", "nosniff",
            // job ids and the page's query never leave in a Referer
            "Referrer-Policy", "no-referrer",
            // for browsers that predate frame-ancestors
            "X-Frame-Options", "DENY",
            // no page of another origin may load an answer as an image, script or style
            "Cross-Origin-Resource-Policy", "same-origin");

    /** Before every other route, {@link HttpErrors}' early refusal of an oversized body included. */
    void install(@Observes @Priority(100) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.addHeadersEndHandler(ignored -> {
                MultiMap headers = context.response().headers();
                HEADERS.forEach(headers::set);
            });
            context.next();
        });
    }
}
