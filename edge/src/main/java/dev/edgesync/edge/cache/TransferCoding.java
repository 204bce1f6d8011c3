package dev.edgesync.edge.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The transfer codings of an origin response (RFC 9112 §6.1, §7): hop-by-hop, so this edge removes them before it
 * stores or forwards the content. The origin client (Netty) removes {@code chunked} whatever codings come before
 * it; a body that still carries the framing (the two-argument {@link #decode(String, byte[])}) is dechunked here.
 * Then {@code gzip} ({@code x-gzip}) and {@code deflate} are removed, last applied first. Without this, such a body
 * was stored and replayed with its compression as if it were content.
 */
public final class TransferCoding {

    private TransferCoding() {
    }

    /**
     * The content of a message body received with {@code transferEncoding} (the field value(s) joined, may be null),
     * after the client removed {@code chunked}.
     *
     * @throws UnknownCodingException for a coding this edge cannot remove (RFC 9112 §6.1: the message cannot be used)
     */
    public static byte[] decode(String transferEncoding, byte[] body) {
        return decode(transferEncoding, body, false);
    }

    /**
     * As {@link #decode(String, byte[])}, for a client that removes {@code chunked} whatever codings come before it
     * (Netty, so the Vert.x client): {@code chunkedRemoved} says the body is already dechunked.
     */
    public static byte[] decode(String transferEncoding, byte[] body, boolean chunkedRemoved) {
        if (transferEncoding == null || transferEncoding.isBlank()) {
            return body;
        }
        List<String> codings = new ArrayList<>();
        for (String part : transferEncoding.split(",")) {
            String coding = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.isEmpty() && !coding.equals("identity")) {
                codings.add(coding);
            }
        }
        if (codings.equals(List.of("chunked"))) {
            return body; // the client removed it
        }
        byte[] content = body;
        if (!codings.isEmpty() && codings.get(codings.size() - 1).equals("chunked")) {
            content = chunkedRemoved ? content : dechunk(content);
            codings.remove(codings.size() - 1);
        }
        for (int i = codings.size() - 1; i >= 0; i--) {
            content = decodeOne(codings.get(i), content);
        }
        return content;
    }

    private static byte[] decodeOne(String coding, byte[] body) {
        try {
            InputStream in = switch (coding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
                case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
                default -> throw new UnknownCodingException("transfer coding '" + coding + "' is not supported");
            };
            try (in) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UnknownCodingException("the " + coding + " transfer coding could not be decoded: " + e.getMessage());
        }
    }

    /** RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF [trailers] CRLF; trailers are dropped. */
    static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (true) {
            int eol = indexOfCrlf(body, i);
            if (eol < 0) {
                throw new UnknownCodingException("truncated chunked body");
            }
            String sizeField = new String(body, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            long size;
            try {
                size = Long.parseLong(sizeField, 16);
            } catch (NumberFormatException e) {
                throw new UnknownCodingException("invalid chunk size '" + sizeField + "'");
            }
            i = eol + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (size < 0 || size > body.length - i - 2L) {
                throw new UnknownCodingException("truncated chunk");
            }
            out.write(body, i, (int) size);
            i += (int) size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A transfer coding that is unknown, or whose data is corrupt. */
    public static final class UnknownCodingException extends IllegalArgumentException {
        public UnknownCodingException(String message) {
            super(message);
        }
    }
}
