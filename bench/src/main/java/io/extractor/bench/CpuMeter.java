package io.extractor.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds each process of a run spent between {@link #start} and {@link #stop}, including the database
 * server's, so a run's table says where the machine's cores went. Processes that exit during the run are
 * sampled until they do.
 */
final class CpuMeter {
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Double> start = new LinkedHashMap<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private Thread sampler;

    CpuMeter add(String name, long pid) {
        if (pid > 0) {
            pids.put(name, pid);
        }
        return this;
    }

    CpuMeter start() {
        pids.forEach((name, pid) -> {
            start.put(name, Processes.cpuSeconds(pid));
            last.put(name, start.get(name));
        });
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-meter");
        sampler.setDaemon(true);
        sampler.start();
        return this;
    }

    /** CPU seconds per process since {@link #start()}. */
    Map<String, Double> stop() {
        sampler.interrupt();
        sample();
        Map<String, Double> used = new LinkedHashMap<>();
        last.forEach((name, seconds) -> used.put(name, seconds - start.getOrDefault(name, 0.0)));
        return used;
    }

    private synchronized void sample() {
        pids.forEach((name, pid) -> {
            double seconds = Processes.cpuSeconds(pid);
            if (seconds > 0) {
                last.merge(name, seconds, Math::max);
            }
        });
    }
}
