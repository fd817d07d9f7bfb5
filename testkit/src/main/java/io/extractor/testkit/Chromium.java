package io.extractor.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium for the browser tests: installed with apt-get the first time a test needs it (a browser test
 * tool's own download cannot reach its servers from here), and the flags that let it run headless in a container.
 */
public final class Chromium {
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** Headless in a container as root: no sandbox, no GPU, and nothing fetched from the network behind the test's back. */
    public static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-dev-shm-usage");

    private Chromium() {
    }

    /** The browser's path, after installing it if it is missing. */
    public static synchronized Path ensureInstalled() {
        if (Files.isExecutable(EXECUTABLE)) {
            return EXECUTABLE;
        }
        if (!run("apt-get", "install", "-y", "--no-install-recommends", "chromium")) {
            run("apt-get", "update");
            if (!run("apt-get", "install", "-y", "--no-install-recommends", "chromium")) {
                throw new IllegalStateException("chromium is not installed and apt-get could not install it; run apt-get install -y chromium");
            }
        }
        return EXECUTABLE;
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
