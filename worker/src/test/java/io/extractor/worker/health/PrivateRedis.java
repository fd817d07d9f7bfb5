package io.extractor.worker.health;

import io.extractor.testkit.RedisServer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A worker on a Redis of the test's own, which the test stops and starts; a patience of seconds, not minutes. */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {
    public static final int PATIENCE_SECONDS = 3;
    static RedisServer redis;

    @Override
    public Map<String, String> start() {
        redis = RedisServer.start(false);
        return Map.of(
                "extractor.redis.url", redis.url(),
                "extractor.redis.prefix", TestServices.unique("health"),
                "extractor.worker.id", "health-test-worker",
                "extractor.worker.idle-poll", "200ms",
                "extractor.worker.redis-patience", PATIENCE_SECONDS + "s");
    }

    @Override
    public void stop() {
        redis.close();
    }
}
