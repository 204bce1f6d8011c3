package dev.edgesync.testkit.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One running instance per directory: a lock file holding the owner's pid, created atomically. A
 * file whose pid is no longer alive (the owner was killed) is taken over.
 */
public final class InstanceLock implements AutoCloseable {
    private final Path file;
    private final long pid;

    private InstanceLock(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /** Thrown when a live process holds the lock. */
    public static final class HeldException extends RuntimeException {
        private final long holder;

        HeldException(Path file, long holder) {
            super("another instance (pid " + holder + ") holds " + file);
            this.holder = holder;
        }

        public long holder() {
            return holder;
        }
    }

    public static InstanceLock acquire(Path file) {
        long self = ProcessHandle.current().pid();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Files.writeString(Files.createFile(file), self + "\n");
                    return new InstanceLock(file, self);
                } catch (FileAlreadyExistsException e) {
                    Optional<Long> holder = holder(file);
                    if (holder.isPresent() && holder.get() != self && alive(holder.get())) {
                        throw new HeldException(file, holder.get());
                    }
                    Files.deleteIfExists(file); // left by an instance that died
                }
            }
            throw new IllegalStateException("cannot take " + file + ": it keeps reappearing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The pid written in {@code file}, if any. */
    public static Optional<Long> holder(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (holder(file).filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("edgesync: could not remove " + file + ": " + e);
            }
        }
    }
}
