package dev.edgesync.testkit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFileTest {
    @TempDir
    Path dir;

    @Test
    void tokenFileIsOwnerOnlyEvenOverAWorldReadableOne() throws Exception {
        Path env = dir.resolve("env");
        Files.writeString(env, "old");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFile.write(env, "export EDGESYNC_PURGE_TOKEN=secret\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertEquals("export EDGESYNC_PURGE_TOKEN=secret\n", Files.readString(env));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }
}
