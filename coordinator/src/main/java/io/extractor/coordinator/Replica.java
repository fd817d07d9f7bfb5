package io.extractor.coordinator;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * This coordinator process among its replicas: the name it holds the coordinator lock and its Redis connections
 * under ({@code extractor.coordinator.id}, or host name and pid).
 */
public record Replica(String id) {
    public Replica {
        requireNonNull(id, "id");
    }

    static Replica of(CoordinatorConfig.Coordinator config) {
        return new Replica(config.id().orElseGet(Replica::hostAndPid));
    }

    private static String hostAndPid() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (Exception e) {
            return "coordinator-" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
