package io.extractor.health;

import io.extractor.config.Redactor;
import io.extractor.queue.RedisClients;
import io.extractor.queue.RedisSettings;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkException;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import io.extractor.health.TimedCheck.Result;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The checks of what the apps depend on: Redis, each source, each sink. Each proves what the app's work needs (a
 * login, a script on a key of the prefix, a session on the source, a listing of the sink's prefix), and says why
 * not in words that hold no host, user, bucket or secret: health answers are open to anyone who reaches the
 * management port. The log gets the full reason, redacted.
 */
public final class DependencyChecks {
    private DependencyChecks() {
    }

    /**
     * Redis: one script touching {@code key}, through the app's own pool, as every call of the app needs.
     *
     * @param fresh how long a result is reused; Redis is cheap to ask, so usually zero
     */
    public static TimedCheck redis(UnifiedJedis redis, RedisSettings settings, String key, Duration fresh, Duration timeout) {
        return new TimedCheck("redis",
                () -> redis.eval("return redis.call('EXISTS', KEYS[1])", List.of(key), List.of()),
                e -> e instanceof JedisException jedis ? redisDown(jedis, settings) : unexpected("Redis", e, new Redactor(List.copyOf(settings.secrets()))),
                fresh, timeout);
    }

    static Result redisDown(JedisException e, RedisSettings settings) {
        String detail = RedisClients.explain(e, settings);
        return RedisClients.refused(e)
                ? Result.down("Redis refused the login, a command or the TLS handshake", detail)
                : Result.down("Redis cannot be reached", detail);
    }

    /** A source: a session opened as extraction opens one (login, SQL mode, read-only), then closed. */
    public static TimedCheck source(SourceSettings source, Redactor redactor, Duration fresh, Duration timeout) {
        return new TimedCheck("source " + source.name(),
                () -> {
                    try (Connection ignored = SourceDialect.of(source).open(source, source.connectTimeout())) {
                        // opening ran the session's statements: the source is usable
                    }
                },
                e -> e instanceof SQLException sql ? sourceDown(sql, redactor) : unexpected("the source", e, redactor),
                fresh, timeout);
    }

    static Result sourceDown(SQLException e, Redactor redactor) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = redactor.redact(e.getMessage());
        if (e.getErrorCode() == 1045 || state.startsWith("28")) {
            return Result.down("the source refused the login (error " + e.getErrorCode() + ")", detail);
        }
        if (e instanceof SQLTimeoutException || hasCause(e, java.net.SocketTimeoutException.class)) {
            return Result.down("the source did not answer in time", detail);
        }
        if (state.startsWith("08")) {
            return Result.down("the source cannot be reached", detail);
        }
        return Result.down("the source answered with error " + e.getErrorCode() + " (SQLState " + state + ")", detail);
    }

    /** A sink: one listing of at most one key under its prefix, which needs the endpoint, the credentials and the bucket. */
    public static TimedCheck sink(Sink sink, Redactor redactor, Duration fresh, Duration timeout) {
        return new TimedCheck("sink " + sink.settings().name(),
                () -> sink.store().holdsObjects(sink.settings().prefix()),
                e -> e instanceof SinkException failure ? sinkDown(failure, redactor) : unexpected("the sink", e, redactor),
                fresh, timeout);
    }

    static Result sinkDown(SinkException e, Redactor redactor) {
        String detail = redactor.redact(e.getMessage());
        String answer = e.answered() ? " (HTTP " + e.status() + (e.code().isEmpty() ? "" : " " + safeCode(e.code())) + ")" : "";
        return switch (e.kind()) {
            case UNREACHABLE -> Result.down("the sink cannot be reached", detail);
            case FAILING -> Result.down("the sink answers with errors" + answer, detail);
            case REFUSED -> Result.down("the sink refused the check" + answer, detail);
            case INTERRUPTED -> Result.down("the check was interrupted", detail);
        };
    }

    /** An S3 error code is a word such as {@code NoSuchBucket}; anything else is not repeated. */
    private static String safeCode(String code) {
        return code.matches("[A-Za-z0-9.]{1,64}") ? code : "";
    }

    private static Result unexpected(String what, Exception e, Redactor redactor) {
        return Result.down("checking " + what + " failed (" + e.getClass().getSimpleName() + ")",
                e.getClass().getName() + ": " + redactor.redact(String.valueOf(e.getMessage())));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
