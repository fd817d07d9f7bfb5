package io.extractor.coordinator;

import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.SilentServer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * Points the coordinator under test at the real local Redis and MariaDB and at an S3Proxy started for the test,
 * each under names unique to this run.
 */
public class LocalServices implements QuarkusTestResourceLifecycleManager {
    public static final String SOURCE_PASSWORD = "not-the-real-password-4711";
    public static final String SINK_SECRET = S3ProxyServer.SECRET_KEY;
    public static String prefix;
    public static String bucket;
    public static S3ProxyServer s3;
    /** Accepts connections and never answers: the source "hung" and the sink "hung" point at it. */
    public static SilentServer silent;
    /** How long a submit to the hung source may take before it is answered 503. */
    public static final int HUNG_SOURCE_CONNECT_SECONDS = 6;

    @Override
    public Map<String, String> start() {
        prefix = TestServices.unique("coord");
        bucket = TestServices.unique("bucket");
        s3 = S3ProxyServer.start();
        s3.createBucket(bucket);
        silent = SilentServer.start();
        Map<String, String> config = new HashMap<>();
        // the API tests run open on this machine's loopback address; AuthTest runs with users and roles
        config.put("extractor.auth.mode", "none");
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("extractor.redis.url", TestServices.redisUrl());
        config.put("extractor.redis.prefix", prefix);
        config.put("extractor.sources.db.url", TestServices.mysqlUrl());
        config.put("extractor.sources.db.user", TestServices.mysqlUser());
        if (!TestServices.mysqlPassword().isEmpty()) {
            config.put("extractor.sources.db.password", TestServices.mysqlPassword());
        }
        // a source whose password is wrong: its errors must never echo the password
        config.put("extractor.sources.locked.url", TestServices.mysqlUrl());
        config.put("extractor.sources.locked.user", "nobody_here");
        config.put("extractor.sources.locked.password", SOURCE_PASSWORD);
        config.put("extractor.sinks.s3.endpoint", s3.endpoint());
        config.put("extractor.sinks.s3.bucket", bucket);
        config.put("extractor.sinks.s3.prefix", "out");
        config.put("extractor.sinks.s3.path-style", "true");
        config.put("extractor.sinks.s3.access-key", S3ProxyServer.ACCESS_KEY);
        config.put("extractor.sinks.s3.secret-key", SINK_SECRET);
        config.put("extractor.sinks.nobucket.endpoint", s3.endpoint());
        config.put("extractor.sinks.nobucket.bucket", "no-such-bucket-here");
        config.put("extractor.sinks.nobucket.path-style", "true");
        config.put("extractor.sinks.nobucket.access-key", S3ProxyServer.ACCESS_KEY);
        config.put("extractor.sinks.nobucket.secret-key", SINK_SECRET);
        config.put("extractor.plan.max-tasks-per-table", "1000");
        // a source that accepts TCP and never answers
        config.put("extractor.sources.hung.url", "jdbc:mysql://127.0.0.1:" + silent.port() + "/test");
        config.put("extractor.sources.hung.user", "root");
        config.put("extractor.sources.hung.connect-timeout", HUNG_SOURCE_CONNECT_SECONDS + "s");
        // the same database, with a URL whose session SQL mode would parse "x" as a column
        config.put("extractor.sources.ansi.url", TestServices.mysqlUrl() + (TestServices.mysqlUrl().contains("?") ? "&" : "?")
                + "sessionVariables=sql_mode='ANSI_QUOTES,NO_BACKSLASH_ESCAPES'");
        config.put("extractor.sources.ansi.user", TestServices.mysqlUser());
        if (!TestServices.mysqlPassword().isEmpty()) {
            config.put("extractor.sources.ansi.password", TestServices.mysqlPassword());
        }
        // sinks whose endpoint refuses connections, and one that accepts and never answers
        sink(config, "down", "http://127.0.0.1:" + closedPort());
        sink(config, "hung", "http://127.0.0.1:" + silent.port());
        return config;
    }

    private static void sink(Map<String, String> config, String name, String endpoint) {
        config.put("extractor.sinks." + name + ".endpoint", endpoint);
        config.put("extractor.sinks." + name + ".bucket", bucket);
        config.put("extractor.sinks." + name + ".path-style", "true");
        config.put("extractor.sinks." + name + ".access-key", S3ProxyServer.ACCESS_KEY);
        config.put("extractor.sinks." + name + ".secret-key", SINK_SECRET);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        silent.close();
        s3.close();
        try (RedisClient redis = RedisClient.create(java.net.URI.create(TestServices.redisUrl()))) {
            TestServices.deleteKeys(redis, prefix);
        }
    }
}
