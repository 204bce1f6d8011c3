package dev.edgesync.bench;

import java.util.List;
import java.util.Locale;

/** The comparison's markdown result: the table, the setup, the commands, every round and the notes. */
final class CompareReport {
    private CompareReport() {
    }

    static String markdown(CompareOptions o, String started, String loadAverage, ComparisonTable table,
            List<String> jvm, RoundMeasures measures) {
        StringBuilder sb = new StringBuilder();
        sb.append("# EdgeSync benchmark: edge vs nginx proxy_cache vs Varnish\n\n");
        sb.append("Run ").append(started).append(String.format(Locale.ROOT, "; median of %d interleaved round(s); "
                + "ratios to nginx.%n%n", o.rounds));
        sb.append(table.markdown()).append('\n');
        sb.append("## Setup\n\n");
        sb.append("- caching tier (the cache, the edge's Redis, the nginx origin) on CPU ").append(o.tierCpu)
                .append(" (`taskset -c ").append(o.tierCpu).append("`), load generators (wrk, h2load, the bench's Java ")
                .append("drivers) on CPU ").append(o.loadCpu).append("; all on 127.0.0.1\n");
        sb.append("- origin: nginx, `/1k`, `/64k`, `/obj/0..").append(o.zipfObjects - 1).append("` (512 B) static files, ")
                .append("`Cache-Control: ").append(CacheTier.CACHE_CONTROL).append("`\n");
        sb.append("- nginx proxy_cache: one worker, `proxy_cache_lock on`, keep-alive upstream, `sendfile on`, ")
                .append("`tcp_nopush off` (with it on, 64 KiB hits stalled on delayed ACKs), `gzip on` for JSON (level 6); ")
                .append("Varnish: `varnishd -F -f bench.vcl -s malloc,256m` (builtin VCL, `beresp.do_gzip` for JSON)\n");
        sb.append("- edge: `java ").append(String.join(" ", jvm)).append(" -jar edge/target/quarkus-app/quarkus-run.jar`")
                .append(", its own redis-server, ").append(new java.util.TreeMap<>(EdgeTier.SETTINGS).entrySet().stream()
                        .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(java.util.stream.Collectors
                                .joining(", "))).append("; ").append(Compare.EDGE_WITHOUT_INVALIDATIONS
                        ? "no invalidation stream (EDGESYNC_INVALIDATION_ENABLED=false)"
                        : "consuming invalidations from a local Kafka broker (idle)").append('\n');
        sb.append("- fixed rate: h2load `--rps` per connection (HTTP/1.1, one request in flight per connection); ")
                .append("percentiles from its `--log-file` in an HdrHistogram\n");
        sb.append("- machine: ").append(Machine.summary()).append("; Java ").append(System.getProperty("java.version"))
                .append("; load average when the run started: ").append(loadAverage).append('\n');
        sb.append("\n## Commands\n\n```\n");
        measures.commands().forEach(c -> sb.append(c).append('\n'));
        sb.append("```\n");
        sb.append(measures.compression().markdown());
        sb.append("\n## Every round\n\n").append(table.rounds());
        if (!measures.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            measures.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
