package io.extractor.coordinator.health;

import io.extractor.testkit.RedisServer;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** A coordinator whose every dependency works: a Redis of the test's own (to stop), the local MariaDB, an S3Proxy. */
public class HealthyServices implements QuarkusTestResourceLifecycleManager {
    static RedisServer redis;
    private S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        redis = RedisServer.start(false);
        s3 = S3ProxyServer.start();
        String bucket = TestServices.unique("bucket");
        s3.createBucket(bucket);
        Map<String, String> config = new HashMap<>();
        config.put("extractor.auth.mode", "none");
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("extractor.redis.url", redis.url());
        config.put("extractor.redis.prefix", TestServices.unique("health"));
        config.put("extractor.sources.db.url", TestServices.mysqlUrl());
        config.put("extractor.sources.db.user", TestServices.mysqlUser());
        if (!TestServices.mysqlPassword().isEmpty()) {
            config.put("extractor.sources.db.password", TestServices.mysqlPassword());
        }
        config.put("extractor.sinks.s3.endpoint", s3.endpoint());
        config.put("extractor.sinks.s3.bucket", bucket);
        config.put("extractor.sinks.s3.path-style", "true");
        config.put("extractor.sinks.s3.access-key", S3ProxyServer.ACCESS_KEY);
        config.put("extractor.sinks.s3.secret-key", S3ProxyServer.SECRET_KEY);
        return config;
    }

    @Override
    public void stop() {
        redis.close();
        s3.close();
    }
}
