package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.Compressor;
import dev.edgesync.edge.cache.ContentCoding;
import dev.edgesync.edge.cache.HopByHop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which client request headers go to the origin: every end-to-end field except {@code Host} and the framing
 * fields the client library sets; hop-by-hop fields never. A cache fill additionally drops the client's
 * conditionals and {@code Range}: the edge wants the full response to store, and answers the client's
 * conditionals itself. Internal {@code X-EdgeSync-*} fields are never passed on as received ({@link ShieldAsk} sets
 * its own).
 */
public final class ForwardedHeaders {
    private static final Set<String> NEVER = Set.of("host", "content-length", "expect", "upgrade");
    private static final Set<String> NOT_FOR_FILLS = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");

    private ForwardedHeaders() {
    }

    /** @param client request headers by lower-case name */
    public static Map<String, List<String>> toOrigin(Map<String, List<String>> client, boolean fill) {
        List<String> connection = client.get("connection");
        HopByHop hop = HopByHop.of(connection == null ? null : String.join(",", connection));
        Map<String, List<String>> out = new LinkedHashMap<>();
        client.forEach((name, values) -> {
            if (!hop.isHopByHop(name) && !NEVER.contains(name) && !(fill && NOT_FOR_FILLS.contains(name))
                    && !name.startsWith(ShieldAsk.INTERNAL_PREFIX)) {
                out.put(name, values);
            }
        });
        if (fill && out.containsKey("accept-encoding")) {
            // the origin sees the coding the request's variant stands for (ContentCoding), so a variant never holds another
            out.put("accept-encoding", List.of(ContentCoding.negotiate(String.join(", ", out.get("accept-encoding")),
                    Compressor.available())));
        }
        List<String> via = new java.util.ArrayList<>();
        out.entrySet().removeIf(e -> e.getKey().equalsIgnoreCase("via") && via.addAll(e.getValue()));
        via.add(Delivery.VIA);
        out.put("via", via);
        return out;
    }
}
