package io.extractor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a running JVM process holds, read from outside as an operator would: threads, open files and RSS from
 * /proc, heap in use after a full collection from jcmd.
 */
record ProcessProbe(long pid) {
    /** The serial collector's generations: "DefNew total 116160K, used 8263K" and "Tenured total 258048K, used 1166K". */
    private static final Pattern USED = Pattern.compile("(?m)^(?:DefNew|Tenured|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");

    /** What the process holds right now. */
    record Reading(int threads, int files, long rssKib, long heapUsedKib) {
        @Override
        public String toString() {
            return threads + " threads, " + files + " open files, RSS " + rssKib / 1024 + " MiB, heap after GC " + heapUsedKib / 1024 + " MiB";
        }
    }

    Reading read() {
        return new Reading(threads(), files(), statusKib("VmRSS"), heapAfterGc());
    }

    int threads() {
        return (int) statusKib("Threads");
    }

    int files() {
        try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of /proc/pid/status: {@code VmRSS:  123 kB} gives 123, {@code Threads: 40} gives 40. */
    long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    /** Heap in use after a full collection (young plus old generation of the serial collector). */
    long heapAfterGc() {
        jcmd("GC.run");
        Matcher used = USED.matcher(jcmd("GC.heap_info"));
        long total = 0;
        int generations = 0;
        while (used.find()) {
            total += Long.parseLong(used.group(1));
            generations++;
        }
        if (generations != 2) {
            throw new IllegalStateException("cannot read the heap of " + pid + " (run it with -XX:+UseSerialGC)");
        }
        return total;
    }

    private String jcmd(String command) {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
