package io.extractor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own (the machine's redis-server binary on a free port), so a test can restart it
 * or lose its data without touching the shared instance.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private Process process;

    private RedisServer(int port, Path dir, boolean persistent) {
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
    }

    /**
     * @param persistent keep data across restarts (append-only file, fsync always), as a production Redis would;
     *                   false: a restart comes back empty, like this machine's shared Redis
     */
    public static RedisServer start(boolean persistent) {
        for (int tries = 1; ; tries++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                RedisServer server = new RedisServer(port, Files.createTempDirectory("redis-"), persistent);
                server.startProcess();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalStateException portTaken) {
                // a free port can be taken again before redis-server binds it (by any outgoing connection's local port)
                if (tries == 5) {
                    throw portTaken;
                }
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server at once (SIGKILL: no chance to save anything beyond what is already on disk). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public void restart() {
        kill();
        startProcess();
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", ""));
        if (persistent) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start (port " + port + " taken?); see " + dir.resolve("redis.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(1000);
                socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] answer = socket.getInputStream().readNBytes(5);
                if ("+PONG".equals(new String(answer, java.nio.charset.StandardCharsets.US_ASCII))) {
                    return; // redis-server itself answers, not whatever else held the port
                }
                throw new IOException("not redis-server yet");
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port);
    }

    @Override
    public void close() {
        kill();
    }
}
