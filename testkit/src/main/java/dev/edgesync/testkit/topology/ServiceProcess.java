package dev.edgesync.testkit.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.OrphanGuard;
import dev.edgesync.testkit.servers.Ports;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One EdgeSync service (origin or an edge) running from its Quarkus jar in a child JVM. */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final int port;
    private final ChildProcess process;

    private ServiceProcess(String name, int port, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code module}'s jar with {@code env} (Quarkus reads its configuration from the
     * environment) and waits until its liveness check answers.
     */
    public static ServiceProcess start(String name, String module, int port, Map<String, String> env, Path dir)
            throws IOException {
        Path jar = LabPaths.serviceJar(module);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ServiceJvm.current());
        command.addAll(List.of("-Djava.net.preferIPv4Stack=true", "-cp", jar + File.pathSeparator + LabPaths.labClasses(),
                OrphanGuard.class.getName(), "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
        ChildProcess process = ChildProcess.start(name, command, env, dir, dir.resolve(name + ".log"));
        ServiceProcess service = new ServiceProcess(name, port, process);
        try {
            // Ready only when the answer comes from this child: another program on the port would answer too.
            Ports.await(name + " on port " + port, Duration.ofSeconds(90), process,
                    () -> service.live() && SocketOwner.listens(process.pid(), port).orElse(true));
            process.checkAlive();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return service;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.kill();
    }

    /**
     * True when {@code /q/health/ready} reports the check {@code name} UP (whatever the other checks say); false
     * while it is DOWN, missing, or the service does not answer.
     */
    public boolean readinessCheckUp(String name) {
        return readinessCheck(name).map(check -> "UP".equals(check.path("status").asText())).orElse(false);
    }

    /** The check {@code name} of {@code /q/health/ready} (status and data); empty if missing or not answered. */
    public Optional<JsonNode> readinessCheck(String name) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            for (JsonNode check : JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body())
                    .path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return Optional.of(check);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean live() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
