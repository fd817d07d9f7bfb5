package io.extractor.coordinator.api;

import io.extractor.queue.Json;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Errors raised below the REST layer (a body over {@code quarkus.http.limits.max-body-size}, a path that is no
 * resource, an oversized request line) get the same JSON body as the API's own errors, not an HTML page.
 */
@Singleton
public class HttpErrors {
    void install(@Observes Router router) {
        long maxBody = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        // Quarkus answers an oversized body with an empty 413; a declared length over the limit is refused here first
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBody) {
                context.response().putHeader("Connection", "close");
                answer(context, 413);
            } else {
                context.next();
            }
        });
        for (int status : new int[] {400, 404, 405, 413, 414, 431, 500, 503}) {
            router.errorHandler(status, context -> answer(context, status));
        }
    }

    private static void answer(RoutingContext context, int status) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        String message = switch (status) {
            case 404 -> "no such resource; the API is under /api/jobs";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is larger than the coordinator accepts (quarkus.http.limits.max-body-size)";
            case 414, 431 -> "the request line or headers are too long";
            case 400 -> "the request cannot be read";
            case 503 -> "the coordinator cannot answer now; retry shortly";
            default -> "internal error; see the coordinator log";
        };
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(ErrorBody.of(message)));
    }
}
