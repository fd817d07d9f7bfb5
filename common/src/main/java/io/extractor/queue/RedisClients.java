package io.extractor.queue;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;

/** A pooled Redis client; each call borrows a connection, so one client serves every thread of a process. */
public final class RedisClients {
    private RedisClients() {
    }

    public static RedisClient create(String url, int maxConnections) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(Duration.ofSeconds(10));
        // no PING before every command (it doubles the round trips); idle connections are checked in the
        // background, and a call on a connection Redis dropped fails once and is retried by its caller
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        return RedisClient.builder().fromURI(URI.create(url)).poolConfig(pool).build();
    }
}
