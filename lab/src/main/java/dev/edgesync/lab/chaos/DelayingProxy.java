package dev.edgesync.lab.chaos;

import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP pass-through between the edges and the origin that can make the origin slow: while a delay
 * is set, every chunk a client sends waits that long before it goes on, so each request (on new or
 * kept-alive connections alike) is answered that much later. Loopback only; one thread per direction.
 */
public final class DelayingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long delayMs;
    private volatile boolean closed;

    public DelayingProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
        Thread accept = new Thread(this::accept, "edgesync-delaying-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port();
    }

    /** 0 passes requests on at once. */
    public void delay(long millis) {
        delayMs = Math.max(0, millis);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(Ports.LOOPBACK, targetPort), 2_000);
                } catch (IOException e) {
                    client.close(); // the origin is down: the edge sees a refused/closed connection, as without us
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("edgesync chaos: proxy accept failed: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long wait = delayed ? delayMs : 0;
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "edgesync-delaying-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(this::closeQuietly);
    }
}
