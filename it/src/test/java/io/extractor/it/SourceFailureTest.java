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
                // a task on its first attempt, so each kill hits a different one, with its upload begun
                String task = cluster.awaitTask(id, Duration.ofSeconds(60), "on its first attempt read 12000 rows",
                        t -> t.path("state").asText().equals("PROGRESS") && t.path("attempt").asInt() == 1 && t.path("rows").asLong() >= 12_000)
                        .path("id").asText();
                killed.add(task);
                SourceTables.sql(kill + " " + readerThread());
                // the killed attempt is over: its task is back in the queue or on a later attempt
                cluster.awaitTask(id, Duration.ofSeconds(30), task + ": ended its killed attempt", t -> t.path("id").asText().equals(task)
                        && (!t.path("state").asText().equals("PROGRESS") || t.path("attempt").asInt() > 1));
            }
            JsonNode job = cluster.await(id, Duration.ofMinutes(2));

            assertThat(job.path("state").asText()).as("error: %s", job.path("error")).isEqualTo("SUCCEEDED");
            for (JsonNode task : cluster.tasks(id)) {
                boolean hit = killed.contains(task.path("id").asText());
                assertThat(task.path("attempt").asInt()).as("attempts of %s", task.path("id").asText()).isEqualTo(hit ? 2 : 1);
                if (hit) {
                    assertThat(task.path("lastError").asText()).as("what the killed attempt saw").isNotBlank();
                    assertThat(task.path("lastErrorKind").asText()).as("kind of %s", task.path("lastError").asText())
                            .isIn("source-unreachable", "source-error");
                }
            }
            Output.assertExact(cluster, id, table, downloads);
        }
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
}
