package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.RedisServer;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.extractor.testkit.TlsCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A hardened Redis: TLS only, with a certificate from a private CA, client certificates of that CA required, and an
 * ACL user allowed its prefix's keys and no dangerous command. The coordinator and a worker present a client
 * certificate from PEM files and log in as that user with the password only in the environment; a wrong password
 * stops both at start with what to check, and no log ever holds the password.
 */
class RedisSecurityTest {
    private static final String ADMIN_PASSWORD = "admin-" + TestServices.unique("pw");
    private static final String PASSWORD = "extractor-" + TestServices.unique("pw");

    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("redissec");
    private final String table = scratch.name();

    @TempDir
    Path dir;

    @Test
    void aJobRunsEndToEndOverMutualTlsAsAnAclUserWhosePasswordIsOnlyInTheEnvironment() throws Exception {
        SourceTables.createOrders(table, 30_000);
        TlsCertificates certificates = TlsCertificates.create(dir.resolve("tls"));
        TlsCertificates.Client client = certificates.client("extractor", TlsCertificates.KeyForm.SEC1_EC);
        try (RedisServer redis = RedisServer.Options.plain().requirePass(ADMIN_PASSWORD).mutualTls(certificates).start();
             Cluster cluster = cluster("redis-tls-acl", redis, PASSWORD, Map.of(
                     "EXTRACTOR_REDIS_TLS_CA_FILE", certificates.caCert().toString(),
                     "EXTRACTOR_REDIS_TLS_CERT_FILE", client.cert().toString(),
                     "EXTRACTOR_REDIS_TLS_KEY_FILE", client.key().toString()))) {
            createUser(redis, cluster.prefix);
            cluster.startCoordinator();
            cluster.startWorker();

            String id = cluster.submit(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", table, "chunkSize", 10_000))))
                    .path("id").asText();
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            Output.assertExact(cluster, id, table, dir.resolve("downloads"));
            String clients = clientList(redis);
            assertThat(clients).as("CLIENT LIST").containsPattern("name=extractor-coordinator-\\S+ .*user=extractor ")
                    .containsPattern("name=extractor-worker-worker-1 .*user=extractor ");
            assertThat(Files.readString(cluster.logs.resolve("coordinator.log")))
                    .contains("queue rediss://127.0.0.1:" + redis.port() + " as user extractor (prefix " + cluster.prefix + ")");
            assertThat(Files.readString(cluster.logs.resolve("worker-1.log")))
                    .contains("on queue rediss://127.0.0.1:" + redis.port() + " as user extractor (prefix " + cluster.prefix + ")");
            assertNoLogHolds(cluster, PASSWORD);
            // the private key's first line after its EC PARAMETERS
            assertNoLogHolds(cluster, Files.readString(client.key()).lines().filter(line -> !line.startsWith("-----")).skip(1).findFirst()
                    .orElseThrow());
        }
    }

    @Test
    void aWrongPasswordStopsTheCoordinatorAndAWorkerAtStartWithWhatToCheckButNotThePassword() throws Exception {
        TlsCertificates certificates = TlsCertificates.create(dir.resolve("tls"));
        String wrong = "wrong-" + PASSWORD;
        try (RedisServer redis = RedisServer.Options.plain().requirePass(ADMIN_PASSWORD).tls(certificates).start();
             Cluster cluster = cluster("redis-wrong-password", redis, wrong,
                     Map.of("EXTRACTOR_REDIS_TLS_CA_FILE", certificates.caCert().toString()))) {
            createUser(redis, cluster.prefix);
            String refusal = "Redis at rediss://127.0.0.1:" + redis.port() + " as user extractor refused the credentials (WRONGPASS";

            assertThatThrownBy(cluster::startCoordinator).hasMessageContaining("coordinator exited with 1");
            Process worker = cluster.startWorker();
            assertThat(worker.waitFor(90, TimeUnit.SECONDS)).as("worker exits").isTrue();
            assertThat(worker.exitValue()).isNotZero();

            for (String log : List.of("coordinator.log", "worker-1.log")) {
                assertThat(Files.readString(cluster.logs.resolve(log))).as(log).contains(refusal)
                        .contains("check extractor.redis.user and extractor.redis.password");
            }
            assertNoLogHolds(cluster, wrong);
            assertNoLogHolds(cluster, PASSWORD);
        }
    }

    /** Both apps configured as a Kubernetes deployment would be: the URL holds no secret, the password is its own variable. */
    private static Cluster cluster(String name, RedisServer redis, String password, Map<String, String> tls) {
        Map<String, String> environment = new java.util.HashMap<>(tls);
        environment.put("EXTRACTOR_REDIS_USER", "extractor");
        environment.put("EXTRACTOR_REDIS_PASSWORD", password);
        return new Cluster(name, redis.url(), environment, () -> redis.client("extractor", PASSWORD));
    }

    /** What an operator would create: the prefix's keys, every command but the dangerous ones. */
    private static void createUser(RedisServer redis, String prefix) {
        try (RedisClient admin = redis.client(null, ADMIN_PASSWORD)) {
            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "extractor", "on", ">" + PASSWORD, "~" + prefix + ":*",
                    "resetchannels", "+@all", "-@dangerous");
        }
    }

    private static String clientList(RedisServer redis) {
        try (RedisClient admin = redis.client(null, ADMIN_PASSWORD)) {
            return SafeEncoder.encode((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"));
        }
    }

    private static void assertNoLogHolds(Cluster cluster, String secret) throws Exception {
        try (Stream<Path> logs = Files.list(cluster.logs)) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as("%s", log).doesNotContain(secret);
            }
        }
    }
}
