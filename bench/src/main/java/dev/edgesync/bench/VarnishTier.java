package dev.edgesync.bench;

import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Varnish in front of the comparison's origin: the builtin VCL, malloc storage, gzip for JSON. */
final class VarnishTier {
    private VarnishTier() {
    }

    static CacheTier.Proxy start(CacheTier tier, int originPort) throws IOException {
        int port = Ports.free();
        Path work = tier.dir().resolve("varnish");
        Files.createDirectories(work);
        // the builtin VCL, plus gzip for JSON (the compression measure: Varnish stores the gzip copy, no Brotli)
        Path vcl = work.resolve("bench.vcl");
        Files.writeString(vcl, """
                vcl 4.1;
                backend origin { .host = "%s"; .port = "%d"; }
                sub vcl_backend_response { if (beresp.http.Content-Type ~ "json") { set beresp.do_gzip = true; } }
                """.formatted(Ports.LOOPBACK, originPort));
        List<String> cmd = new ArrayList<>(List.of(varnishd(), "-F", "-a", Ports.LOOPBACK + ":" + port, "-f",
                vcl.toString(), "-s", "malloc,256m", "-n", work.toString(),
                // the default management port is fixed (6082): take a free one, so that runs can overlap
                "-T", Ports.LOOPBACK + ":" + Ports.free()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-j", "none")); // as root it would otherwise drop to the varnish users of the package
        }
        ChildProcess p = tier.start("varnish", cmd, Map.of());
        CacheTier.awaitPort("varnish", p, port);
        return new CacheTier.Proxy("varnish", "Varnish " + version(), port);
    }

    static String varnishd() {
        return Files.isExecutable(Path.of("/usr/sbin/varnishd")) ? "/usr/sbin/varnishd" : "varnishd";
    }

    static String version() {
        try {
            String out = Machine.output(List.of(varnishd(), "-V"));
            Matcher m = Pattern.compile("varnish-(\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
