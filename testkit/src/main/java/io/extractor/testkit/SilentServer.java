package io.extractor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A dependency that hangs: it accepts TCP connections and never sends a byte, as a database or object store does
 * when its process is frozen or a firewall swallows replies. Being down is easy to handle; this is the hard case.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::accept, "silent-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SilentServer start() {
        try {
            return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections it accepted so far. */
    public synchronized int accepted() {
        return accepted.size();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                synchronized (this) {
                    accepted.add(client);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            synchronized (this) {
                for (Socket client : accepted) {
                    client.close();
                }
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
