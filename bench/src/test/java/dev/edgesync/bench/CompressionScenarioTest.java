package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CompressionScenarioTest {

    @Test
    void theBodyIs16KibOfJsonThatGzipShrinksByMoreThanHalf() throws IOException {
        byte[] body = CompressionScenario.json16k();
        assertEquals(16 * 1024, body.length);
        String text = new String(body, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("[{\"id\":1000,") && text.trim().endsWith("}]"), text.substring(0, 40));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        assertTrue(out.size() < body.length / 2, "gzip: " + out.size() + " bytes");
        assertEquals(body.length, CompressionScenario.json16k().length, "the same body every run");
    }

    @Test
    void wrkTransferPerSecondIsReadInBytes() {
        assertEquals(52.3 * 1024 * 1024, CompressionScenario.wireBytes("Requests/sec: 3000\nTransfer/sec:     52.30MB\n"),
                1);
        assertEquals(900.5 * 1024, CompressionScenario.wireBytes("Transfer/sec:    900.50KB"), 0.01);
        assertTrue(Double.isNaN(CompressionScenario.wireBytes("no transfer line")));
    }
}
