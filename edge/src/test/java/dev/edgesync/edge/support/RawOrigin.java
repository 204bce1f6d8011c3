package dev.edgesync.edge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin that writes exactly the bytes a test gives it, for what {@link TestOrigin}'s HTTP server cannot send:
 * interim (1xx) responses before the final one, repeated header lines, transfer codings, a 206. One request per
 * connection (each answer ends with {@code Connection: close}); loopback only, daemon threads.
 */
public final class RawOrigin {
    private static volatile RawOrigin instance;

    private final ServerSocket server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** What one path answers, and what it was asked. */
    public static final class Script {
        public volatile byte[] bytes = new byte[0];
        public final AtomicInteger requests = new AtomicInteger();
        public volatile Map<String, String> lastRequestHeaders = Map.of();
        /** The content of the last request ({@code Content-Length} framing), empty without one. */
        public volatile byte[] lastBody = new byte[0];
        /** Answer an {@code Expect: 100-continue} with {@code 100 Continue} before reading the body. */
        public volatile boolean continueOnExpect;
        /** When set, {@link #bytes} are sent, then {@link #afterHold} once this opens (at most 10 s later). */
        public volatile java.util.concurrent.CountDownLatch hold;
        public volatile byte[] afterHold = new byte[0];

        public int reads() {
            return requests.get();
        }
    }

    private RawOrigin() throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "raw-origin");
        accept.setDaemon(true);
        accept.start();
    }

    public static synchronized RawOrigin get() {
        if (instance == null) {
            try {
                instance = new RawOrigin();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** {@code path} answers these bytes (interim responses first, then the final one). */
    public Script answer(String path, byte[] bytes) {
        Script script = new Script();
        script.bytes = bytes;
        scripts.put(path, script);
        return script;
    }

    /**
     * A final response: the status line, the given header lines in order, {@code Connection: close}, and
     * {@code Content-Length} unless a {@code Transfer-Encoding} line is among them (then {@code body} is sent as is).
     */
    public static byte[] response(String status, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        boolean framed = false;
        for (String line : headerLines) {
            head.append(line).append("\r\n");
            framed |= line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:");
        }
        head.append("Connection: close\r\n");
        if (!framed) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** An interim response: status line and header lines. */
    public static byte[] interim(String status, List<String> headerLines) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> handle(socket), "raw-origin-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String requestLine = line(in);
            if (requestLine == null) {
                return;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            String[] parts = requestLine.split(" ");
            Script script = parts.length > 1 ? scripts.get(parts[1]) : null;
            OutputStream out = socket.getOutputStream();
            if (script == null) {
                out.write(response("404 Not Found", List.of("Cache-Control: no-store"), new byte[0]));
            } else {
                script.lastRequestHeaders = headers;
                if (script.continueOnExpect && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write(interim("100 Continue", List.of()));
                    out.flush();
                }
                String length = headers.get("content-length");
                script.lastBody = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
                script.requests.incrementAndGet();
                out.write(script.bytes);
                if (script.hold != null) {
                    out.flush();
                    try {
                        script.hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write(script.afterHold);
                }
            }
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
