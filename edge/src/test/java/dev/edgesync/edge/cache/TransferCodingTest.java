package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TransferCodingTest {
    private static final byte[] CONTENT = "hello world".getBytes(StandardCharsets.UTF_8);

    @Test
    void noCodingOrChunkedAloneIsTheContentAsReceived() {
        assertArrayEquals(CONTENT, TransferCoding.decode(null, CONTENT));
        assertArrayEquals(CONTENT, TransferCoding.decode("chunked", CONTENT));
        assertArrayEquals(CONTENT, TransferCoding.decode(" Chunked ", CONTENT));
    }

    @Test
    void gzipThenChunkedIsDechunkedThenInflated() throws IOException {
        byte[] gz = gzip(CONTENT);
        byte[] framed = concat((Integer.toHexString(3) + ";x=y\r\n").getBytes(StandardCharsets.ISO_8859_1),
                java.util.Arrays.copyOfRange(gz, 0, 3), "\r\n".getBytes(StandardCharsets.ISO_8859_1),
                (Integer.toHexString(gz.length - 3) + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
                java.util.Arrays.copyOfRange(gz, 3, gz.length), "\r\n0\r\nT: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(CONTENT, TransferCoding.decode("gzip, chunked", framed));
        assertArrayEquals(CONTENT, TransferCoding.decode("x-gzip", gz));
    }

    @Test
    void deflateAndStackedCodingsAreRemovedLastFirst() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write(gzip(CONTENT));
        }
        assertArrayEquals(CONTENT, TransferCoding.decode("gzip, deflate", out.toByteArray()));
    }

    @Test
    void unknownOrCorruptCodingsAreRefused() {
        assertThrows(TransferCoding.UnknownCodingException.class, () -> TransferCoding.decode("zstd", CONTENT));
        assertThrows(TransferCoding.UnknownCodingException.class, () -> TransferCoding.decode("gzip", CONTENT));
        assertThrows(TransferCoding.UnknownCodingException.class,
                () -> TransferCoding.decode("gzip, chunked", "zz\r\nab".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
