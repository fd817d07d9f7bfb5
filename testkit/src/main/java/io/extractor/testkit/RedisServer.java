package io.extractor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * A Redis server of a test's own (the machine's redis-server binary on a free port), so a test can restart it,
 * lose its data, or require a password, an ACL user or TLS, without touching the shared instance.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Options options;
    private Process process;

    /** An ACL user: {@code rules} as {@code ACL SETUSER} takes them, e.g. {@code ~extractor:* +@all -@dangerous}. */
    public record User(String name, String password, String rules) {
    }

    /**
     * How the server is run.
     *
     * @param persistent  keep data across restarts (append-only file, fsync always), as a production Redis would;
     *                    false: a restart comes back empty, like this machine's shared Redis
     * @param requirePass the {@code default} user's password ({@code requirepass}); empty: none
     * @param users       ACL users besides {@code default}
     * @param tls         serve TLS only ({@code --port 0}, {@code --tls-port}) with these certificates
     * @param clientCertificates with TLS, clients must present a certificate of the same CA ({@code tls-auth-clients
     *                    yes}); false: they need none ({@code no})
     */
    public record Options(boolean persistent, Optional<String> requirePass, List<User> users, Optional<TlsCertificates> tls,
                          boolean clientCertificates) {
        public Options {
            users = List.copyOf(users);
        }

        public static Options plain() {
            return new Options(false, Optional.empty(), List.of(), Optional.empty(), false);
        }

        public Options persistent(boolean persistent) {
            return new Options(persistent, requirePass, users, tls, clientCertificates);
        }

        public Options requirePass(String password) {
            return new Options(persistent, Optional.of(password), users, tls, clientCertificates);
        }

        public Options user(String name, String password, String rules) {
            List<User> more = new ArrayList<>(users);
            more.add(new User(name, password, rules));
            return new Options(persistent, requirePass, more, tls, clientCertificates);
        }

        public Options tls(TlsCertificates certificates) {
            return new Options(persistent, requirePass, users, Optional.of(certificates), clientCertificates);
        }

        /** TLS with these certificates, and every client must present one of their CA ({@code tls-auth-clients yes}). */
        public Options mutualTls(TlsCertificates certificates) {
            return new Options(persistent, requirePass, users, Optional.of(certificates), true);
        }

        public RedisServer start() {
            return RedisServer.start(this);
        }
    }

    private RedisServer(int port, Path dir, Options options) {
        this.port = port;
        this.dir = dir;
        this.options = options;
    }

    /** @param persistent see {@link Options#persistent()} */
    public static RedisServer start(boolean persistent) {
        return start(Options.plain().persistent(persistent));
    }

    public static RedisServer start(Options options) {
        for (int tries = 1; ; tries++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                RedisServer server = new RedisServer(port, Files.createTempDirectory("redis-"), options);
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

    /** {@code redis://127.0.0.1:<port>}, or {@code rediss://} with TLS; never with credentials in it. */
    public String url() {
        return (options.tls().isPresent() ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A client of the test's own, logged in as {@code user} (null: {@code default}), trusting the server's CA and presenting its client certificate. */
    public RedisClient client(String user, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().user(user).password(password)
                .connectionTimeoutMillis(2_000).socketTimeoutMillis(5_000);
        options.tls().ifPresent(tls -> config.ssl(true).sslSocketFactory(tls.socketFactory()).sslParameters(new SSLParameters()));
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port)).clientConfig(config.build()).build();
    }

    /** A client with no password: for a server that requires none. */
    public RedisClient client() {
        if (options.requirePass().isPresent() || options.tls().isPresent()) {
            return client(null, options.requirePass().orElse(null));
        }
        return RedisClient.create(URI.create(url()));
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
        Path config = dir.resolve("redis.conf");
        try {
            // passwords go in a file of the test's own, not on a command line every process listing shows
            Files.writeString(config, configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("redis-server", config.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start (port " + port + " taken?"
                        + (options.tls().isPresent() ? " built without TLS? redis-server --tls-port 1 --port 0 tells" : "") + "): "
                        + logTail() + " (" + dir.resolve("redis.log") + ")");
            }
            try {
                String answer = ping();
                // redis-server itself answers, not whatever else held the port; asking for a password proves it too
                if (answer.startsWith("+PONG") || answer.startsWith("-NOAUTH")) {
                    return;
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
        throw new IllegalStateException("redis-server did not listen on " + port + ": " + logTail());
    }

    private String configuration() {
        StringBuilder conf = new StringBuilder();
        conf.append("bind 127.0.0.1\n").append("dir ").append(dir).append('\n').append("save \"\"\n");
        if (options.persistent()) {
            conf.append("appendonly yes\nappendfsync always\n");
        } else {
            conf.append("appendonly no\n");
        }
        if (options.tls().isPresent()) {
            TlsCertificates tls = options.tls().get();
            conf.append("port 0\ntls-port ").append(port).append('\n')
                    .append("tls-cert-file ").append(tls.serverCert()).append('\n')
                    .append("tls-key-file ").append(tls.serverKey()).append('\n')
                    .append("tls-ca-cert-file ").append(tls.caCert()).append('\n')
                    .append("tls-auth-clients ").append(options.clientCertificates() ? "yes" : "no").append('\n');
        } else {
            conf.append("port ").append(port).append('\n');
        }
        options.requirePass().ifPresent(password -> conf.append("requirepass ").append(password).append('\n'));
        for (User user : options.users()) {
            conf.append("user ").append(user.name()).append(" on >").append(user.password()).append(' ').append(user.rules()).append('\n');
        }
        return conf.toString();
    }

    private String ping() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 200);
        try (Socket socket = options.tls().isPresent()
                ? options.tls().get().socketFactory().createSocket(plain, "127.0.0.1", port, true) : plain) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        } finally {
            plain.close();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "no log";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
