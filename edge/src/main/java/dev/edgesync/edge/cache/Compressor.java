package dev.edgesync.edge.cache;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The byte work of {@link ContentCoding}: gzip from the JDK, Brotli from brotli4j (the library Quarkus and Netty use;
 * its native part ships for the common platforms). Compression runs once per stored copy, on the fill, never on a hit.
 */
public final class Compressor {
    /** Brotli quality: 5 is what CDNs use for compression on the fly (a good ratio at a few ms per 100 KiB). */
    static final int BROTLI_QUALITY = 5;
    private static final Set<String> AVAILABLE = Brotli4jLoader.isAvailable() ? Set.of(ContentCoding.GZIP,
            ContentCoding.BR) : Set.of(ContentCoding.GZIP);
    private static final Encoder.Parameters BROTLI = new Encoder.Parameters().setQuality(BROTLI_QUALITY);

    private Compressor() {
    }

    /** The codings this process can produce: gzip, and br where the Brotli native library loaded. */
    public static Set<String> available() {
        return AVAILABLE;
    }

    public static byte[] encode(String coding, byte[] body) {
        try {
            return switch (coding) {
                case ContentCoding.GZIP -> gzip(body);
                case ContentCoding.BR -> Encoder.compress(body, BROTLI);
                default -> throw new IllegalArgumentException("unsupported coding " + coding);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream g = new GZIPOutputStream(out, 8192)) {
            g.write(body);
        }
        return out.toByteArray();
    }
}
