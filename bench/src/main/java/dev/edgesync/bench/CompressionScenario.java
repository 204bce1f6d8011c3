package dev.edgesync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code gzip} measure of the comparison: hit throughput of a compressible 16 KiB JSON body ({@value #PATH}) under
 * {@code wrk}, once without {@code Accept-Encoding} and once each with {@code Accept-Encoding: gzip} and {@code br},
 * with the bytes of one response's body and on the wire. The edge stores one compressed copy per coding; nginx
 * compresses every hit itself ({@code gzip on}, level 6 as the edge's gzip, no Brotli module in the Debian package);
 * Varnish stores the gzip copy its VCL asks for ({@code beresp.do_gzip}) and has no Brotli. A coding a cache does not
 * produce shows as identity bytes, so its row says what the client really got.
 */
final class CompressionScenario {
    static final String PATH = "/16k.json";
    static final List<String> CODINGS = List.of("identity", "gzip", "br");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMG]?B)");

    /** Per cache and coding, the figures of every round. */
    private final Map<String, Map<String, List<Row>>> rows = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();

    /** One wrk run: requests per second, the body bytes and encoding of one response, wire bytes per response. */
    record Row(double requestsPerSecond, long bodyBytes, String encoding, double wireBytes, long non2xx) {
    }

    /** The origin's body: 16 KiB of JSON records with repeated field names and seeded values, as APIs answer. */
    static byte[] json16k() {
        SplittableRandom random = new SplittableRandom(16);
        StringBuilder b = new StringBuilder("[");
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
        for (int i = 0; b.length() < 16 * 1024 - 200; i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"name\":\"%s-%s\",\"price\":%.2f,\"stock\":%d,\"tags\":[\"%s\",\"%s\"],\"active\":%b}",
                    1000 + i, words[random.nextInt(words.length)], Long.toString(random.nextLong(1L << 40), 36),
                    random.nextDouble() * 500, random.nextInt(10_000), words[random.nextInt(words.length)],
                    words[random.nextInt(words.length)], random.nextBoolean()));
        }
        b.append(']');
        while (b.length() < 16 * 1024) {
            b.append(' ');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Warms each coding's copy, then one wrk run per coding; {@code load} pins wrk to the load CPU. */
    void measure(CacheTier.Proxy p, List<String> load, int connections, int seconds) throws Exception {
        labels.put(p.name(), p.label());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String coding : CODINGS) {
            HttpResponse<byte[]> probe = null;
            for (int i = 0; i < 3; i++) { // fill, then hits
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(p.url() + PATH)).timeout(Duration.ofSeconds(30));
                if (!coding.equals("identity")) {
                    r.header("Accept-Encoding", coding);
                }
                probe = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            List<String> cmd = new ArrayList<>(load);
            cmd.addAll(List.of(Wrk.binary().orElse("wrk"), "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
            if (!coding.equals("identity")) {
                cmd.addAll(List.of("-H", "Accept-Encoding: " + coding));
            }
            cmd.add(p.url() + PATH);
            Wrk.Result w = Wrk.run(cmd, seconds);
            List<String> shown = new ArrayList<>(cmd);
            shown.set(load.size(), "wrk");
            String command = String.join(" ", shown).replace(p.url(), "http://127.0.0.1:$PORT")
                    .replace("-H Accept-Encoding: " + coding, "-H 'Accept-Encoding: " + coding + "'");
            if (!commands.contains(command)) {
                commands.add(command);
            }
            rows.computeIfAbsent(p.name(), k -> new LinkedHashMap<>()).computeIfAbsent(coding, k -> new ArrayList<>())
                    .add(new Row(w.requestsPerSecond(), probe.body().length,
                            probe.headers().firstValue("content-encoding").orElse("identity"),
                            wireBytes(w.raw()) / w.requestsPerSecond(), w.non2xx()));
        }
    }

    /** wrk's {@code Transfer/sec} in bytes. */
    static double wireBytes(String wrkOutput) {
        Matcher m = TRANSFER.matcher(wrkOutput);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return v * switch (m.group(2)) {
            case "KB" -> 1024.0;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            default -> 1.0;
        };
    }

    /** The section of the result: medians over the rounds, req/s relative to the same cache without compression. */
    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Compression: 16 KiB JSON hits with Accept-Encoding\n\n");
        sb.append("| cache | Accept-Encoding | req/s (median) | vs identity | Content-Encoding | body bytes | saved "
                + "| wire bytes/response |\n|---|---|---|---|---|---|---|---|\n");
        rows.forEach((cache, byCoding) -> {
            double identity = median(byCoding.getOrDefault("identity", List.of()), Row::requestsPerSecond);
            long identityBytes = byCoding.getOrDefault("identity", List.of()).stream().mapToLong(Row::bodyBytes).max()
                    .orElse(0);
            byCoding.forEach((coding, list) -> {
                Row last = list.get(list.size() - 1);
                double rps = median(list, Row::requestsPerSecond);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f× | %s | %,d | %s | %,.0f |%n",
                        labels.get(cache), coding.equals("identity") ? "(none)" : coding, rps, rps / identity,
                        last.encoding(), last.bodyBytes(), identityBytes == 0 ? "" : String.format(Locale.ROOT,
                                "%.1f %%", 100.0 * (identityBytes - last.bodyBytes()) / identityBytes),
                        median(list, Row::wireBytes)));
            });
        });
        sb.append("\nwrk runs (each after three requests that fill the coding's copy):\n\n```\n");
        commands.forEach(c -> sb.append(c).append('\n'));
        sb.append("```\n");
        rows.forEach((cache, byCoding) -> byCoding.forEach((coding, list) -> list.stream().filter(r -> r.non2xx() > 0)
                .forEach(r -> sb.append(String.format(Locale.ROOT, "%n- %s, %s: %,d non-2xx answers", cache, coding,
                        r.non2xx())))));
        return sb.toString();
    }

    private static double median(List<Row> list, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = list.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
