package dev.edgesync.testkit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aLiveHolderKeepsTheLockAndADeadOneLosesIt() throws Exception {
        Path file = dir.resolve("lock");
        Process holder = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(file, holder.pid() + "\n");
            InstanceLock.HeldException held = assertThrows(InstanceLock.HeldException.class, () -> InstanceLock.acquire(file));
            assertEquals(holder.pid(), held.holder());
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        try (InstanceLock lock = InstanceLock.acquire(file)) {
            assertEquals(ProcessHandle.current().pid(), InstanceLock.holder(file).orElseThrow());
        }
        assertFalse(Files.exists(file), "lock not released");
    }
}
