package io.extractor.coordinator.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.extractor.config.Redactor;
import io.extractor.coordinator.JobConflictException;
import io.extractor.coordinator.JobOutcomeUnknownException;
import io.extractor.coordinator.audit.AuditLog;
import io.extractor.coordinator.auth.AccessDeniedException;
import io.extractor.coordinator.auth.NotAuthenticatedException;
import io.extractor.plan.FieldError;
import io.extractor.plan.InvalidJobException;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisSettings;
import io.extractor.sink.SinkException;
import io.extractor.source.SourceAccessException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Turns failures into JSON answers that name the field at fault and say what to do: 400 for a request that
 * cannot be used, 409 for one that collides with another job, 503 with {@code Retry-After} for a dependency
 * that is down or does not answer. Every answer's text is redacted.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']*)'");

    private final Redactor redactor;
    private final RedisSettings redis;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public ErrorMappers(Redactor redactor, RedisSettings redis, AuditLog audit, SecurityIdentity identity) {
        this.redactor = redactor;
        this.redis = redis;
        this.audit = audit;
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response invalidJob(InvalidJobException e) {
        return json(400, new ErrorBody("job refused, nothing was queued: " + redactor.redact(e.getMessage()),
                e.errors().stream().map(f -> new FieldError(f.field(), redactor.redact(f.message()))).toList()));
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return json(400, new ErrorBody(e.field() + ": " + redactor.redact(e.getMessage()), List.of(new FieldError(e.field(), redactor.redact(e.getMessage())))));
    }

    /** What a refused caller is told: the reason, and the role the action needs. */
    public record AccessBody(String error, String requiredRole) {
    }

    @ServerExceptionMapper
    public Response notAuthenticated(NotAuthenticatedException e, HttpServerRequest request) {
        if (e.credentialsRefused()) {
            audit.refused(401, null, e.required().label(), request);
        }
        return Response.status(401).type(MediaType.APPLICATION_JSON).header("WWW-Authenticate", "Basic realm=\"extractor\", charset=\"UTF-8\"")
                .header("WWW-Authenticate", "Bearer realm=\"extractor\"")
                .entity(new AccessBody(e.getMessage(), e.required().label())).build();
    }

    @ServerExceptionMapper
    public Response accessDenied(AccessDeniedException e, HttpServerRequest request) {
        audit.refused(403, identity.getPrincipal().getName(), e.required().label(), request);
        return Response.status(403).type(MediaType.APPLICATION_JSON).entity(new AccessBody(e.getMessage(), e.required().label())).build();
    }

    @ServerExceptionMapper
    public Response conflict(JobConflictException e) {
        return json(409, new ErrorBody(redactor.redact(e.getMessage()), List.of(new FieldError(e.field(), redactor.redact(e.getMessage())))));
    }

    @ServerExceptionMapper
    public Response outcomeUnknown(JobOutcomeUnknownException e) {
        LOG.warnf("%s", redactor.redact(e.getMessage()));
        return unavailable("Redis could not be reached at the last step of creating job " + e.jobId() + ", so it may or may not exist;"
                + " GET /api/jobs/" + e.jobId() + " once Redis is back, and submit again only if it answers 404");
    }

    // Quarkus brings mappers for some Jackson exceptions; the most specific type wins, so each is named here.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableSpec(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return unreadableSpec(e);
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        return unreadableSpec(e);
    }

    @ServerExceptionMapper
    public Response syntax(JsonParseException e) {
        return unreadableSpec(e);
    }

    /** JAX-RS's own refusals (no such route, wrong method or media type) and wrapped body-reading failures, as JSON. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableSpec(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "no such resource; the API is under /api/jobs";
            case 405 -> "this method is not allowed here";
            case 406 -> "answers are application/json";
            case 415 -> "send the body as Content-Type: application/json";
            default -> e.getMessage();
        };
        return json(status, ErrorBody.of(message));
    }

    @ServerExceptionMapper
    public Response unreadableSpec(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : parsePath(e);
        String message;
        Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        if (duplicate.find()) {
            String name = duplicate.group(1);
            field = field.equals("body") ? name : field.equals(name) || field.endsWith("." + name) ? field : field + "." + name;
            message = "appears twice; give each field once";
        } else if (e instanceof UnrecognizedPropertyException u) {
            field = path(u);
            message = "unknown field \"" + u.getPropertyName() + "\"; known: " + u.getKnownPropertyIds();
        } else if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException cause) {
            message = cause.getMessage();
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "must be " + expected(m.getTargetType()) + " (" + firstLine(e.getOriginalMessage()) + ")";
        } else {
            message = firstLine(e.getOriginalMessage());
        }
        message = redactor.redact(message);
        return json(400, new ErrorBody("job refused, nothing was queued: " + field + ": " + message, List.of(new FieldError(field, message))));
    }

    /**
     * A source that could not be reached or read. The answer names the source and the error's code, never the
     * driver's message: that names the source's host and user, and a server's message can hold values a statement
     * read. The whole message goes to the log, redacted.
     */
    @ServerExceptionMapper
    public Response sourceUnavailable(SQLException e) {
        LOG.warnf("source error while planning: %s", redactor.redact(detail(e)));
        String what = e instanceof SourceAccessException access ? access.getMessage() : "the source could not be read";
        return unavailable(what + "; nothing was queued. Check that the database is up and answers, and that the source's URL, user and"
                + " password are right; the coordinator's log has the server's message");
    }

    /**
     * Redis down, restarting, hung, or every pooled connection busy: say so and when to come back. Redis refusing
     * the coordinator (credentials, ACL, certificate): say what to check; the operator must act.
     */
    @ServerExceptionMapper
    public Response queueUnavailable(JedisException e) {
        if (RedisClients.refused(e)) {
            String message = redactor.redact(RedisClients.explain(e, redis));
            LOG.errorf("Redis refused the coordinator while answering a request: %s", message);
            return unavailable("Redis, which holds the job queue, refused the coordinator: " + message);
        }
        if (!(e instanceof JedisConnectionException) && !isPoolExhausted(e)) {
            return unexpected(e);
        }
        String message = redactor.redact(firstLine(e.getMessage()));
        LOG.warnf("Redis unreachable while answering a request: %s", message);
        return unavailable("Redis, which holds the job queue, could not be reached: " + message
                + "; retry once it is up (the coordinator reconnects by itself)");
    }

    @ServerExceptionMapper
    public Response sinkFailed(SinkException e) {
        String message = redactor.redact(firstLine(e.getMessage()));
        if (!e.answered()) {
            LOG.warnf("sink unreachable while answering a request: %s", message);
            return unavailable("the sink could not be reached, nothing was queued: " + message + "; check that its endpoint is up and answers");
        }
        LOG.warnf("sink refused a call while answering a request: %s", message);
        return unavailable("the sink refused a call, nothing was queued: " + message
                + "; check the bucket and that the sink's credentials may read and write it");
    }

    /** A bug: logged with its stack under a reference the answer gives, never shown raw. */
    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error %s while answering a request", reference);
        return json(500, ErrorBody.of("internal error " + reference + "; the coordinator log has its details under that reference"));
    }

    /** The first line of each message down the cause chain: what the log needs to find the fault. */
    private static String detail(Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null && detail.length() < 4096; t = t.getCause() == t ? null : t.getCause()) {
            detail.append(detail.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ").append(firstLine(t.getMessage()));
        }
        return detail.toString();
    }

    private static boolean isPoolExhausted(JedisException e) {
        return e.getCause() instanceof java.util.NoSuchElementException;
    }

    private static Response unavailable(String message) {
        return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(message)).build();
    }

    static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /** Where the parser was, as {@code tables[0].table}, for a syntax error or a duplicate key. */
    private static String parsePath(JsonProcessingException e) {
        if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser && parser.getParsingContext() != null) {
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            if (!pointer.isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (String step : pointer.substring(1).split("/")) {
                    if (step.matches("\\d+")) {
                        path.append('[').append(step).append(']');
                    } else {
                        path.append(path.isEmpty() ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
                    }
                }
                return path.toString();
            }
        }
        return "body";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
