package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.Probes;
import io.extractor.testkit.Probes.Answer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged apps' probes and ports, as a kubelet and Prometheus see them. */
class ProbesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aWorkerListensOnlyOnItsManagementPortAndTheCoordinatorOnItsApiAndManagementPorts() {
        try (Cluster cluster = new Cluster("probes")) {
            cluster.startCoordinator();
            Process worker = cluster.startWorker();
            URI coordinator = URI.create("http://127.0.0.1:" + cluster.managementPort + "/");
            URI workerManagement = URI.create("http://127.0.0.1:" + cluster.managementPort(worker) + "/");

            for (URI app : new URI[] {coordinator, workerManagement}) {
                for (String probe : new String[] {"started", "ready", "live"}) {
                    Probes.await(app.resolve("/q/health/" + probe), WAIT, probe, answer -> answer.status() == 200);
                }
                Answer metrics = Probes.get(app.resolve("/q/metrics"), "text/plain");
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
            }

            assertThat(ListeningPorts.of(worker.pid())).as("the worker's listening ports").containsExactly(cluster.managementPort(worker));
            assertThat(ListeningPorts.of(cluster.coordinatorPid())).as("the coordinator's listening ports")
                    .containsExactlyInAnyOrder(cluster.httpPort, cluster.managementPort);
        }
    }
}
