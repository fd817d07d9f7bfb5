package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.testkit.RedisServer;
import io.extractor.testkit.TestServices;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A Redis that wants a password, with an ACL user allowed only its prefix's keys and no dangerous commands:
 * the protocol runs as that user, and a wrong login fails with what to check, never with the password.
 */
class RedisAuthTest {
    private static final String PASSWORD = "acl-" + TestServices.unique("pw");
    private static final String ADMIN_PASSWORD = "admin-" + TestServices.unique("pw");
    private static final String PREFIX = TestServices.unique("auth");
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        // the default user gets a password of its own, so a client that fails to log in as the ACL user cannot slip through as default
        redis = RedisServer.Options.plain().requirePass(ADMIN_PASSWORD)
                .user("extractor", PASSWORD, "~" + PREFIX + ":* resetchannels +@all -@dangerous")
                .user("elsewhere", PASSWORD, "~other:* +@all -@dangerous")
                .start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String url(String userInfo) {
        return redis.url().replace("redis://", "redis://" + userInfo + "@");
    }

    @Test
    void anAclUserInTheUrlRunsEveryStepOfAJobOnItsOwnPrefix() throws Exception {
        RedisSettings settings = RedisSettings.of(url("extractor:" + PASSWORD));
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "auth-test"), PREFIX + ":")) {
            assertThat(RedisClients.check(fx.redis, settings, fx.keys.pending())).isEmpty();
            assertThat(whoAmI(fx.redis)).isEqualTo("extractor");

            ProtocolWalk.everyStep(fx);
        }
    }

    @Test
    void userAndPasswordFromTheirOwnPropertiesLogInTheSameWay() throws Exception {
        RedisSettings settings = RedisSettings.of(redis.url(), Optional.of("extractor"), Optional.of(PASSWORD), RedisSettings.Tls.DEFAULT);
        try (QueueFixture fx = new QueueFixture(RedisClients.create(settings, 4, "auth-test"), PREFIX + ":")) {
            ProtocolWalk.everyStep(fx);
        }
    }

    @Test
    void requirepassAloneLogsInAsTheDefaultUser() {
        RedisSettings settings = RedisSettings.of(url(":" + ADMIN_PASSWORD));
        try (RedisClient client = RedisClients.create(settings, 1, "auth-test")) {
            assertThat(RedisClients.check(client, settings, PREFIX + ":pending")).isEmpty();
            assertThat(whoAmI(client)).isEqualTo("default");
        }
    }

    @Test
    void aWrongPasswordFailsEveryCallAndTheStartupCheckSaysWhatToCheckWithoutThePassword() {
        String wrong = "not-the-" + PASSWORD;
        RedisSettings settings = RedisSettings.of(redis.url(), Optional.of("extractor"), Optional.of(wrong), RedisSettings.Tls.DEFAULT);
        try (RedisClient client = RedisClients.create(settings, 2, "auth-test")) {
            RedisKeys keys = new RedisKeys(PREFIX + ":");
            TaskQueue queue = new TaskQueue(client, keys);
            JobStore store = new JobStore(client, keys);
            assertThatThrownBy(() -> queue.claim("w1", Duration.ofSeconds(30)))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageStartingWith("WRONGPASS").hasMessageNotContaining(wrong);
            assertThatThrownBy(() -> store.job("j1"))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageStartingWith("WRONGPASS").hasMessageNotContaining(wrong);

            assertThatThrownBy(() -> RedisClients.check(client, settings, keys.pending()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Redis at " + redis.url() + " as user extractor refused the credentials (WRONGPASS invalid "
                            + "username-password pair or user is disabled.): check extractor.redis.user and extractor.redis.password "
                            + "(or the user:password in extractor.redis.url) against the user's ACL, and that the user is on")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(wrong).doesNotContain(PASSWORD));
        }
    }

    @Test
    void noPasswordAgainstARedisThatWantsOneNamesThePropertyToSet() {
        RedisSettings settings = RedisSettings.of(redis.url());
        try (RedisClient client = RedisClients.create(settings, 1, "auth-test")) {
            assertThatThrownBy(() -> RedisClients.check(client, settings, PREFIX + ":pending"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis at " + redis.url() + " wants a password and none is configured (NOAUTH")
                    .hasMessageContaining("set extractor.redis.password (EXTRACTOR_REDIS_PASSWORD)");
        }
    }

    @Test
    void anAclThatForbidsThePrefixIsCaughtByTheStartupCheckNotAtTheFirstClaim() {
        RedisSettings settings = RedisSettings.of(url("elsewhere:" + PASSWORD));
        try (RedisClient client = RedisClients.create(settings, 1, "auth-test")) {
            assertThatThrownBy(() -> RedisClients.check(client, settings, PREFIX + ":pending"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("as user elsewhere refused a command (NOPERM")
                    .hasMessageContaining("~<prefix>:* +@all -@dangerous")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD));
        }
    }

    @Test
    void aRedisThatIsDownIsReportedButDoesNotStopAProcessStarting() {
        RedisSettings settings = RedisSettings.of("redis://extractor:" + PASSWORD + "@127.0.0.1:1");
        try (RedisClient client = RedisClients.create(settings, 1, "auth-test")) {
            assertThat(RedisClients.check(client, settings, "x"))
                    .hasValueSatisfying(problem -> assertThat(problem).startsWith("Redis at redis://127.0.0.1:1 as user extractor could not be reached")
                            .doesNotContain(PASSWORD));
        }
    }

    private static String whoAmI(RedisClient client) {
        return SafeEncoder.encode((byte[]) client.sendCommand(Protocol.Command.ACL, "WHOAMI"));
    }

    /** Every message of an exception and its causes, as a log with its stack trace would show them. */
    static String chain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed).append('\n');
            }
        }
        return all.toString();
    }
}
