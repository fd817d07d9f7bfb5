package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source drops a worker's streaming read halfway, as a DBA's {@code KILL} or a network cut would: the task
 * is retried from the start of its range, its partial upload is thrown away, and no row is lost or doubled.
 */
class SourceFailureTest {
    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("srcfail");
    private final String table = scratch.name();

    @TempDir
    Path downloads;

    @Test
    void aKilledConnectionAndAKilledQueryEachCostOneAttemptAndNothingElse() throws Exception {
        // ranges of 60,000 rows of 600 bytes: when a task has read 12,000, the server still has far more to send
        // than the socket buffers hold, so its query is still running when it is killed
        SourceTables.createOrders(table, 120_000, 600);
        try (Cluster cluster = new Cluster("source-kill")) {
            WorkerCrashTest.piecesInFlight(cluster).workerSetting("EXTRACTOR_WORKER_MAX_ROWS_PER_SECOND", "10000")
                    .workerSetting("EXTRACTOR_WORKER_SLOTS", "1");
            cluster.startCoordinator();
            cluster.startWorker();
            String id = cluster.submit(Map.of("source", "db", "sink", "s3",
                    "tables", List.of(Map.of("table", table, "chunkSize", 60_000)))).path("id").asText();

            List<String> killed = new ArrayList<>();
            for (String kill : List.of("KILL CONNECTION", "KILL QUERY")) {
                killed.add(awaitFirstAttemptAt(cluster, id, 12_000)); // its upload has begun
                sql(kill + " " + readerThread());
                awaitNotRunning(cluster, id, killed.getLast());
            }
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            for (JsonNode task : cluster.tasks(id)) {
                boolean hit = killed.contains(task.path("id").asText());
                assertThat(task.path("attempt").asInt()).as("attempts of %s", task.path("id").asText()).isEqualTo(hit ? 2 : 1);
                if (hit) {
                    assertThat(task.path("lastError").asText()).as("what the killed attempt saw").isNotBlank();
                }
            }
            Output.assertExact(cluster, id, table, downloads);
        }
    }

    /** A task on its first attempt that has read {@code rows} rows, so each kill hits a different task. */
    private static String awaitFirstAttemptAt(Cluster cluster, String id, long rows) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode task : cluster.tasks(id)) {
                if (task.path("state").asText().equals("PROGRESS") && task.path("attempt").asInt() == 1 && task.path("rows").asLong() >= rows) {
                    return task.path("id").asText();
                }
            }
            Cluster.sleep(100);
        }
        throw new AssertionError("no first attempt of a task of " + id + " read " + rows + " rows within 60 s; logs in " + cluster.logs);
    }

    /** The server thread streaming a range of this test's table to the worker. */
    private long readerThread() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
             PreparedStatement s = c.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()")) {
            s.setString(1, "%" + table + "%");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a query on %s is running", table).isTrue();
                return rs.getLong(1);
            }
        }
    }

    /** Waits until the killed attempt is over: its task is back in the queue or on a later attempt. */
    private static void awaitNotRunning(Cluster cluster, String id, String task) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode t : cluster.tasks(id)) {
                if (t.path("id").asText().equals(task) && (!t.path("state").asText().equals("PROGRESS") || t.path("attempt").asInt() > 1)) {
                    return;
                }
            }
            Cluster.sleep(100);
        }
        throw new AssertionError("the killed attempt of " + task + " did not end within 30 s; logs in " + cluster.logs);
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
