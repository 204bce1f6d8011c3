package dev.edgesync.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain RESP2 client over one socket, with pipelining: {@link #queue} writes commands without waiting,
 * {@link #drain} reads the replies of everything queued. Enough for writing a million entries quickly; no pooling,
 * no reconnects.
 */
final class Resp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private int pending;

    Resp(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 2000);
        socket.setSoTimeout(60_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024);
        in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
    }

    /** A Redis error reply. */
    static final class RedisError extends IOException {
        RedisError(String message) {
            super(message);
        }
    }

    /** Sends one command and returns its reply (String, Long, byte[] for bulk, List, or null). */
    Object call(Object... args) throws IOException {
        if (pending > 0) {
            drain();
        }
        write(out, args);
        out.flush();
        return read(in);
    }

    String callString(Object... args) throws IOException {
        Object r = call(args);
        return r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r == null ? null : r.toString();
    }

    /** Writes a command without reading its reply. */
    void queue(Object... args) throws IOException {
        write(out, args);
        pending++;
    }

    /** The next reply or pushed message (as after {@code MONITOR}). */
    Object next() throws IOException {
        return read(in);
    }

    int pending() {
        return pending;
    }

    /** Flushes and reads every pending reply; throws the first error reply after reading them all. */
    void drain() throws IOException {
        out.flush();
        RedisError first = null;
        while (pending > 0) {
            pending--;
            try {
                read(in);
            } catch (RedisError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static void write(OutputStream out, Object... args) throws IOException {
        out.write('*');
        out.write(ascii(args.length));
        out.write('\r');
        out.write('\n');
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            out.write('$');
            out.write(ascii(bytes.length));
            out.write('\r');
            out.write('\n');
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n);
                if (data.length < n) {
                    throw new EOFException("short bulk reply");
                }
                line(in);
                return data;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                RedisError error = null;
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(read(in));
                    } catch (RedisError e) {
                        error = e;
                        items.add(null);
                    }
                }
                if (error != null) {
                    throw error;
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(32);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("malformed RESP line");
                }
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(c);
        }
        throw new EOFException("Redis closed the connection");
    }

    private static byte[] ascii(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /** One field of {@code INFO} output, e.g. {@code used_memory}; null when absent. */
    static String infoField(String info, String field) {
        for (String l : info.split("\r?\n")) {
            if (l.startsWith(field + ":")) {
                return l.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
