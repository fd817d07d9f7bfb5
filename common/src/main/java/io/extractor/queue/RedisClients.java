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
        // after a Redis restart every pooled connection is dead: a PING on borrow drops them instead of failing
        // the next call (an API request right after the restart answered 500 without it). Calls are a few per
        // second per process, so the extra round trip costs nothing measurable.
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        return RedisClient.builder().fromURI(URI.create(url)).poolConfig(pool).build();
    }
}
