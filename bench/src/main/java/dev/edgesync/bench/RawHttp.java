package dev.edgesync.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: the load driver's client. Much lighter than
 * {@code java.net.http} (no per-request objects beyond the header map), so that the driver leaves as much CPU as
 * possible to the edge it measures. Understands Content-Length and chunked bodies.
 */
final class RawHttp implements AutoCloseable {
    /** One response; {@code body} is null unless asked for, {@code bodyBytes} is always the length read. */
    record Response(int status, Map<String, String> headers, long bodyBytes, byte[] body, boolean close) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The edge's {@code X-Cache}, or "-" when absent. */
        String xCache() {
            String value = header("x-cache");
            return value == null ? "-" : value;
        }
    }

    private final String host;
    private final int port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] skip = new byte[64 * 1024];
    private final StringBuilder line = new StringBuilder(128);
    private boolean closed;

    RawHttp(String host, int port, int timeoutMs) throws IOException {
        this.host = host;
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Request bytes of a body-less request; the same bytes can be sent again and again. */
    static byte[] request(String method, String host, int port, String path) {
        return (method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: edgesync-bench\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    byte[] request(String method, String path) {
        return request(method, host, port, path);
    }

    void send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    Response exchange(byte[] request, boolean head, boolean keepBody) throws IOException {
        send(request);
        return read(head, keepBody);
    }

    Response read(boolean head, boolean keepBody) throws IOException {
        Response response = parse(in, head, keepBody, skip, line);
        if (response.close()) {
            closed = true;
        }
        return response;
    }

    boolean usable() {
        return !closed && !socket.isClosed();
    }

    /** Reads one response from {@code in}; package-private for the parser's unit test. */
    static Response parse(InputStream in, boolean head, boolean keepBody, byte[] skip, StringBuilder line)
            throws IOException {
        String statusLine = readLine(in, line);
        while (statusLine.isEmpty()) {
            statusLine = readLine(in, line);
        }
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String h = readLine(in, line); !h.isEmpty(); h = readLine(in, line)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        boolean close = "close".equalsIgnoreCase(headers.get("connection"));
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new Response(status, headers, 0, keepBody ? new byte[0] : null, close);
        }
        String length = headers.get("content-length");
        java.io.ByteArrayOutputStream kept = keepBody ? new java.io.ByteArrayOutputStream() : null;
        long total;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            total = 0;
            while (true) {
                String size = readLine(in, line);
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!readLine(in, line).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body(in, n, skip, kept);
                total += n;
                readLine(in, line);
            }
        } else if (length != null) {
            total = Long.parseLong(length.trim());
            body(in, total, skip, kept);
        } else {
            // no length: the body runs to the end of the connection
            total = 0;
            int n;
            while ((n = in.read(skip)) > 0) {
                total += n;
                if (kept != null) {
                    kept.write(skip, 0, n);
                }
            }
            close = true;
        }
        return new Response(status, headers, total, kept == null ? null : kept.toByteArray(), close);
    }

    private static void body(InputStream in, long n, byte[] skip, java.io.ByteArrayOutputStream kept)
            throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, left));
            if (r < 0) {
                throw new EOFException("connection closed inside a body");
            }
            if (kept != null) {
                kept.write(skip, 0, r);
            }
            left -= r;
        }
    }

    private static String readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) c);
            if (line.length() > 65_536) {
                throw new IOException("header line too long");
            }
        }
        throw new EOFException("connection closed");
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
