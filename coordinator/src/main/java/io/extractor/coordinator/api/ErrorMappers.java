package io.extractor.coordinator.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.extractor.coordinator.JobService;
import io.extractor.plan.FieldError;
import io.extractor.plan.InvalidJobException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Turns failures into answers that name the field at fault and say what to do. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final JobService jobs;

    public ErrorMappers(JobService jobs) {
        this.jobs = jobs;
    }

    @ServerExceptionMapper
    public Response invalidJob(InvalidJobException e) {
        return Response.status(400).entity(new ErrorBody("job refused, nothing was queued: " + jobs.redact(e.getMessage()),
                e.errors().stream().map(f -> new FieldError(f.field(), jobs.redact(f.message()))).toList())).build();
    }

    // Quarkus brings mappers for some Jackson exceptions; the most specific type wins, so each is named here.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
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

    /** Quarkus wraps some body-reading failures (a bad enum value) in a bare 400; say which field instead. */
    @ServerExceptionMapper
    public Response wrapped(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableSpec(json);
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public Response unreadableSpec(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "body";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = path(u);
            message = "unknown field \"" + u.getPropertyName() + "\"; known: " + u.getKnownPropertyIds();
        } else if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException cause) {
            message = cause.getMessage();
        } else {
            message = e.getOriginalMessage();
        }
        return Response.status(400).entity(new ErrorBody("job refused, nothing was queued: " + field + ": " + message,
                List.of(new FieldError(field, message)))).build();
    }

    @ServerExceptionMapper
    public Response sourceUnavailable(SQLException e) {
        String message = jobs.redact(e.getMessage());
        LOG.warnf("source error while planning: %s", message);
        return Response.status(503).entity(ErrorBody.of("the source could not be read, nothing was queued: " + message
                + "; check that the database is up and the source's URL, user and password are right")).build();
    }

    /** Redis down or restarting: say so and when to come back, instead of a bare 500. */
    @ServerExceptionMapper
    public Response queueUnavailable(JedisConnectionException e) {
        String message = jobs.redact(e.getMessage());
        LOG.warnf("Redis unreachable while answering a request: %s", message);
        return Response.status(503).header("Retry-After", "5").entity(ErrorBody.of("Redis, which holds the job queue, could not be reached: "
                + message + "; retry once it is up (the coordinator reconnects by itself)")).build();
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
