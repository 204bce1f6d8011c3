package dev.edgesync.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code n} requests for one cold key at once: all connections are opened first, then every request is sent in one
 * tight loop. The slowest answer is measured from the first send to the last byte of the last response.
 * <p>
 * One thread drives every connection through a {@link Selector} (as wrk and h2load do) rather than a thread per
 * connection: with 1,000 blocked threads on the load core, waking them and reading 1,000 answers took the driver
 * itself 900 ms for 1,000 hits of a warm key (a fresh JVM, measured with the thread-per-connection driver of
 * {@code bench/storm/StormClient.java}), so the figure measured the driver's scheduler as much as the cache.
 */
final class MissStorm {
    /** {@code releasedNanos}: when the first request was sent ({@link System#nanoTime}). */
    record Result(int requests, int ok, int errors, double slowestMs, long releasedNanos) {
    }

    /** One connection's response bytes so far, and whether a whole final response has arrived. */
    private static final class Exchange {
        final SocketChannel channel;
        final ByteArrayOutputStream received = new ByteArrayOutputStream(1024);
        ByteBuffer unsent;
        int status;
        boolean done;

        Exchange(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private MissStorm() {
    }

    static Result run(String host, int port, String path, int n) throws IOException {
        return run(host, port, path, n, 40_000);
    }

    static Result run(String host, int port, String path, int n, long limitMs) throws IOException {
        List<Exchange> exchanges = new ArrayList<>();
        int errors = 0;
        int ok = 0;
        long slowest = 0;
        long released = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < n; i++) {
                try {
                    SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port));
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.configureBlocking(false);
                    Exchange e = new Exchange(c);
                    c.register(selector, SelectionKey.OP_READ, e);
                    exchanges.add(e);
                } catch (IOException e) {
                    errors++;
                }
            }
            byte[] request = RawHttp.request("GET", host, port, path);
            int open = exchanges.size();
            released = System.nanoTime();
            for (Exchange e : exchanges) {
                ByteBuffer b = ByteBuffer.wrap(request);
                try {
                    e.channel.write(b);
                } catch (IOException failed) {
                    e.done = true;
                    e.channel.keyFor(selector).cancel();
                    errors++;
                    open--;
                    continue;
                }
                if (b.hasRemaining()) { // the socket's buffer was full: the rest goes when it is writable
                    e.unsent = b;
                    e.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            long deadline = released + limitMs * 1_000_000L;
            while (open > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                selector.select(left);
                for (SelectionKey key : selector.selectedKeys()) {
                    Exchange e = (Exchange) key.attachment();
                    if (e.done) {
                        continue;
                    }
                    try {
                        if (key.isValid() && key.isWritable() && e.unsent != null) {
                            e.channel.write(e.unsent);
                            if (!e.unsent.hasRemaining()) {
                                e.unsent = null;
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable() && read(e, in)) {
                            e.done = true;
                            key.cancel(); // a finished connection that closes or sends more must not wake the loop
                            open--;
                            slowest = Math.max(slowest, System.nanoTime() - released);
                            if (e.status == 200) {
                                ok++;
                            } else {
                                errors++;
                            }
                        }
                    } catch (IOException failed) {
                        e.done = true;
                        key.cancel();
                        open--;
                        errors++;
                    }
                }
                selector.selectedKeys().clear();
            }
            errors += open; // no whole answer within the limit
        } finally {
            for (Exchange e : exchanges) {
                try {
                    e.channel.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
        return new Result(n, ok, errors, slowest / 1e6, released);
    }

    /** Reads what {@code e}'s connection has; true once a whole final (non-1xx) response has arrived. */
    private static boolean read(Exchange e, ByteBuffer in) throws IOException {
        int r;
        while ((r = e.channel.read(in.clear())) > 0) {
            e.received.write(in.array(), 0, r);
        }
        boolean complete = complete(e, r < 0);
        if (r < 0 && !complete) {
            throw new EOFException("connection closed before a whole response");
        }
        return complete;
    }

    /**
     * Whether the bytes so far hold a whole final response (its status kept in {@code e.status}); one with neither
     * Content-Length nor chunked coding is whole only once its connection has {@code ended}.
     */
    private static boolean complete(Exchange e, boolean ended) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(e.received.toByteArray());
        StringBuilder line = new StringBuilder(128);
        byte[] skip = new byte[8 * 1024];
        try {
            RawHttp.Response response;
            do {
                response = RawHttp.parse(bytes, false, false, skip, line);
            } while (response.status() >= 100 && response.status() < 200);
            if (!ended && response.header("content-length") == null
                    && !"chunked".equalsIgnoreCase(response.header("transfer-encoding"))
                    && response.status() != 204 && response.status() != 304) {
                return false;
            }
            e.status = response.status();
            return true;
        } catch (EOFException incomplete) {
            return false;
        }
    }
}
