package dev.edgesync.origin.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class ConnectionFramingTest {

    @Test
    void aRequestWithContentLengthAndTransferEncodingIsAnsweredAndTheConnectionClosed() throws Exception {
        // RFC 9112 6.1; the bytes after the chunked body would be a smuggled second request on a kept-alive connection
        String request = "POST /api/content HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                + "GET /api/content/1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection was left open after: " + all.toString(StandardCharsets.US_ASCII));
            }
            String response = all.toString(StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 401"), "answered (no write token): " + response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
            assertTrue(response.indexOf("HTTP/1.1 ", 1) < 0, "only one answer: " + response);
        }
    }
}
