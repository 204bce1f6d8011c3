package dev.edgesync.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The smallest Kubernetes API server that Helm's {@code lookup} needs: core/v1 discovery and
 * {@code GET /api/v1/namespaces/{ns}/secrets/{name}}.
 *
 * <p>helm-java's template runs Helm's install action in dry-run mode, whose {@code lookup} calls the API
 * server of the current kubeconfig (and localhost:8080 without one). Surefire points KUBECONFIG at
 * {@link #KUBECONFIG}, which this class writes with its own port, so rendering stays on 127.0.0.1 and
 * tests can put a "live" Secret in place to check that upgrades keep generated credentials.
 */
final class FakeApiServer {

    static final Path KUBECONFIG = Path.of(System.getProperty("edgesync.kubeconfig",
            "target/fake-apiserver/kubeconfig"));

    private static FakeApiServer instance;

    private final HttpServer server;
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(null);
        server.start();
        Files.createDirectories(KUBECONFIG.toAbsolutePath().getParent());
        Files.writeString(KUBECONFIG, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                      namespace: %s
                current-context: fake
                users:
                  - name: fake
                    user:
                      token: not-a-real-token
                """.formatted(server.getAddress().getPort(), Chart.NAMESPACE));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    static synchronized FakeApiServer get() {
        if (instance == null) {
            try {
                instance = new FakeApiServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Makes {@code lookup "v1" "Secret" ns name} find a Secret with these (plain text) data entries. */
    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, Map.copyOf(data));
    }

    void clearSecrets() {
        secrets.clear();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        String[] segments = path.split("/");
        if (path.equals("/api")) {
            respond(exchange, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        } else if (path.equals("/apis")) {
            respond(exchange, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
        } else if (path.equals("/api/v1")) {
            respond(exchange, 200, """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                      {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]},
                      {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]}]}
                    """);
        } else if ("GET".equals(exchange.getRequestMethod()) && segments.length == 7
                && segments[2].equals("v1") && segments[3].equals("namespaces") && segments[5].equals("secrets")) {
            Map<String, String> data = secrets.get(segments[4] + "/" + segments[6]);
            if (data == null) {
                respond(exchange, 404, notFound("secrets", segments[6]));
            } else {
                String encoded = data.entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\":\"" + Base64.getEncoder()
                                .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                        .collect(Collectors.joining(","));
                respond(exchange, 200, """
                        {"kind":"Secret","apiVersion":"v1","metadata":{"name":"%s","namespace":"%s"},"type":"Opaque","data":{%s}}
                        """.formatted(segments[6], segments[4], encoded));
            }
        } else if (segments.length >= 6 && segments[3].equals("namespaces")) {
            respond(exchange, 404, notFound(segments[5], segments.length > 6 ? segments[6] : ""));
        } else {
            respond(exchange, 404, notFound("", path));
        }
    }

    private static String notFound(String resource, String name) {
        return """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s \\"%s\\" not found",\
                "reason":"NotFound","details":{"name":"%s","kind":"%s"},"code":404}
                """.formatted(resource, name, name, resource);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
