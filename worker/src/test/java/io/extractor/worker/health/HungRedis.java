package io.extractor.worker.health;

import io.extractor.testkit.SilentServer;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A worker whose Redis accepts connections and never answers: a frozen Redis, or one behind a black hole. */
public class HungRedis implements QuarkusTestResourceLifecycleManager {
    static SilentServer redis;

    @Override
    public Map<String, String> start() {
        redis = SilentServer.start();
        return Map.of(
                "extractor.redis.url", "redis://127.0.0.1:" + redis.port(),
                "extractor.redis.prefix", TestServices.unique("hung"),
                "extractor.worker.id", "hung-test-worker");
    }

    @Override
    public void stop() {
        redis.close();
    }
}
