package io.extractor.coordinator;

import io.extractor.testkit.S3ProxyServer;
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

    @Override
    public Map<String, String> start() {
        prefix = TestServices.unique("coord");
        bucket = TestServices.unique("bucket");
        s3 = S3ProxyServer.start();
        s3.createBucket(bucket);
        Map<String, String> config = new HashMap<>();
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
        return config;
    }

    @Override
    public void stop() {
        s3.close();
        try (RedisClient redis = RedisClient.create(java.net.URI.create(TestServices.redisUrl()))) {
            TestServices.deleteKeys(redis, prefix);
        }
    }
}
