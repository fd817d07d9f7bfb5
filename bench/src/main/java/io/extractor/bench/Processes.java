package io.extractor.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Starts processes with their output in a log file, and tracks each one's peak resident memory (VmHWM). */
final class Processes {
    private final Path logs;
    private final Map<Process, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread sampler;

    Processes(Path logs) {
        this.logs = logs;
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Process process : peakKb.keySet()) {
                    sample(process);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    Process start(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            peakKb.put(process, 0L);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Tracks the peak memory of a process started elsewhere. */
    void track(Process process) {
        peakKb.put(process, 0L);
    }

    /** The kernel's high-water mark of the process's resident set, in MiB, as last seen. */
    double peakMb(Process process) {
        sample(process);
        return peakKb.getOrDefault(process, 0L) / 1024.0;
    }

    /** The resident set of a process now, in MiB (0 when it is gone). */
    double rssMb(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited
        }
        return 0;
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in clock ticks
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The pid of a running program by name, e.g. the database server, or -1. */
    static long pidOf(String program) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    /** SIGTERM, then wait; returns the peak RSS seen in MiB. */
    double stop(Process process) {
        double peak = peakMb(process);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peakKb.remove(process);
        return peak;
    }

    int waitFor(Process process) throws InterruptedException {
        int code = process.waitFor();
        return code;
    }

    private void sample(Process process) {
        File status = new File("/proc/" + process.pid() + "/status");
        try {
            for (String line : Files.readAllLines(status.toPath())) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    peakKb.merge(process, kb, Math::max);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has exited; its last sample stands
        }
    }

    void close() {
        sampler.interrupt();
        for (Process process : peakKb.keySet()) {
            process.destroyForcibly();
        }
    }
}
