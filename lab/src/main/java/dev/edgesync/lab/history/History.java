package dev.edgesync.lab.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What happened during a run: every write and every read. Thread-safe to record into. */
public final class History {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConcurrentLinkedQueue<WriteOp> writes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ReadOp> reads = new ConcurrentLinkedQueue<>();

    public History() {
    }

    public History(List<WriteOp> writes, List<ReadOp> reads) {
        this.writes.addAll(writes);
        this.reads.addAll(reads);
    }

    public void write(WriteOp op) {
        writes.add(op);
    }

    public void read(ReadOp op) {
        reads.add(op);
    }

    public List<WriteOp> writes() {
        return List.copyOf(writes);
    }

    public List<ReadOp> reads() {
        return List.copyOf(reads);
    }

    /** One JSON object per line: {@code {"write":{...}}} or {@code {"read":{...}}}. */
    public void save(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (WriteOp w : writes) {
                out.write("{\"write\":" + JSON.writeValueAsString(w) + "}\n");
            }
            for (ReadOp r : reads) {
                out.write("{\"read\":" + JSON.writeValueAsString(r) + "}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static History load(Path file) {
        List<WriteOp> w = new ArrayList<>();
        List<ReadOp> r = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (node.has("write")) {
                    w.add(JSON.treeToValue(node.get("write"), WriteOp.class));
                } else if (node.has("read")) {
                    r.add(JSON.treeToValue(node.get("read"), ReadOp.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history " + file, e);
        }
        return new History(w, r);
    }
}
