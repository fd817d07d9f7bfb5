package io.extractor.coordinator;

import static io.restassured.RestAssured.given;

import io.extractor.testkit.TestServices;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** What coordinator tests do to a job through the API and Redis: wait for a state, lose the job from Redis. */
public final class ApiJobs {
    private ApiJobs() {
    }

    /** Deletes every key of the job, as a Redis that restarted empty would have. */
    public static void forgetInRedis(String jobId) {
        try (RedisClient redis = RedisClient.create(URI.create(TestServices.redisUrl()))) {
            for (String key : redis.keys(LocalServices.prefix + ":*" + jobId + "*")) {
                redis.del(key);
            }
            redis.zrem(LocalServices.prefix + ":jobs", jobId);
            redis.zrem(LocalServices.prefix + ":jobs:finished", jobId);
        }
    }

    /** Polls the job until it reaches {@code state}, for at most 30 seconds. */
    public static void awaitState(String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = given().get("/api/jobs/" + id).then().statusCode(200).extract().path("state");
            if (state.equals(seen)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " is " + seen + ", not " + state);
    }
}
