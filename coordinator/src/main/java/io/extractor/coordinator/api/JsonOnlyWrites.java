package io.extractor.coordinator.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every write to the API (POST, PUT, PATCH, DELETE under {@code /api/}) with a body must send it as
 * {@code Content-Type: application/json}, and one without a body may name no other type. A page of another origin
 * can send a POST without asking first (no CORS preflight) only as {@code text/plain},
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data}; refusing those types before any
 * resource runs means such a page cannot cancel, retry or rerun a job through an operator's browser, whatever
 * cookies or credentials the browser would send along. JSON from another origin needs a preflight, which this
 * server never grants.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class JsonOnlyWrites implements ContainerRequestFilter {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT)) || !isApi(request.getUriInfo().getPath())) {
            return;
        }
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null ? hasBody(request) : !isJson(type)) {
            request.abortWith(ErrorMappers.json(415, ErrorBody.of("send " + request.getMethod() + " requests to the API with Content-Type: application/json"
                    + (type == null ? "" : ", not " + shown(type)) + "; a request without a body may also leave Content-Type out")));
        }
    }

    private static boolean isApi(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.equals("/api") || p.startsWith("/api/");
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }

    private static boolean isJson(String type) {
        try {
            MediaType media = MediaType.valueOf(type);
            return media.getType().equalsIgnoreCase("application") && media.getSubtype().equalsIgnoreCase("json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The type as sent, without its parameters, if it looks like a media type: it is the caller's text, echoed. */
    private static String shown(String type) {
        String bare = type.split(";", 2)[0].strip();
        return MEDIA_TYPE.matcher(bare).matches() ? bare : "the type sent";
    }
}
