package io.extractor.coordinator;

import io.extractor.testkit.SilentServer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** A coordinator whose Redis accepts connections and never answers: a frozen Redis, or one behind a black hole. */
public class HungRedis implements QuarkusTestResourceLifecycleManager {
    private SilentServer redis;

    @Override
    public Map<String, String> start() {
        redis = SilentServer.start();
        Map<String, String> config = new HashMap<>();
        // open on this machine's loopback address, as LocalServices: what is tested here is Redis, not who may call
        config.put("extractor.auth.mode", "none");
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("extractor.redis.url", "redis://127.0.0.1:" + redis.port());
        config.put("extractor.redis.prefix", TestServices.unique("hung"));
        config.put("extractor.sources.db.url", TestServices.mysqlUrl());
        config.put("extractor.sources.db.user", TestServices.mysqlUser());
        config.put("extractor.sinks.s3.endpoint", "http://127.0.0.1:1");
        config.put("extractor.sinks.s3.bucket", "unused");
        config.put("extractor.sinks.s3.path-style", "true");
        config.put("extractor.sinks.s3.access-key", "unused");
        config.put("extractor.sinks.s3.secret-key", "unused");
        return config;
    }

    @Override
    public void stop() {
        redis.close();
    }
}
