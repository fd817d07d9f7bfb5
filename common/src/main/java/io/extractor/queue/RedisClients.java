package io.extractor.queue;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/** A pooled Redis client; each call borrows a connection, so one client serves every thread of a process. */
public final class RedisClients {
    /** A Redis that accepts connections but never answers costs a call this long, not a hung thread. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the slowest script (cancelling or creating a job of 100,000 tasks takes well under a second). */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** A call that finds every pooled connection busy waits this long, then fails instead of queueing forever. */
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(5);

    private RedisClients() {
    }

    /**
     * @param clientName shown by {@code CLIENT LIST}, so an operator (and the soak tests) can count a process's
     *                   connections
     */
    public static RedisClient create(String url, int maxConnections, String clientName) {
        URI uri = URI.create(url);
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("extractor.redis.url must look like redis://[user:password@]host:port[/db], got "
                    + io.extractor.source.Redaction.url(url));
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(BORROW_TIMEOUT);
        // after a Redis restart every pooled connection is dead: a PING on borrow drops them instead of failing
        // the next call (an API request right after the restart answered 500 without it). Calls are a few per
        // second per process, so the extra round trip costs nothing measurable.
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName(clientName.replaceAll("[^A-Za-z0-9._-]", "_"));
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }
}
