package dev.edgesync.edge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** The usual Redis and origin; Kafka at a port where nothing listens (for the plain HTTP cache mode). */
public class NoKafkaResources extends EdgeTestResources {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try (ServerSocket socket = new ServerSocket(0)) {
            config.put("kafka.bootstrap.servers", "127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
