package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Passes a {@code 103 Early Hints} the origin sends during a fill on to the client whose request started that fill
 * (RFC 8297; RFC 9110 §15.2: a proxy forwards 1xx responses). The client's connection is known while its request is
 * served ({@link #open} / {@link #close}); a fill calls {@link #relay} from the origin client's event loop. Hints are
 * never stored: a HIT has none. Collapsed waiters and background revalidations have no open client and get none; an
 * HTTP/1.0 client gets none (a server must not send it 1xx).
 */
@ApplicationScoped
public class EarlyHintsRelay {
    /** Fields of the origin's 103 that describe its connection, not the hints. */
    private static final Set<String> NOT_HINTS = Set.of("content-length", "date", "server");

    /** By identity: two equal requests from two clients are two connections. */
    private final Map<ClientRequest, HttpServerResponse> open = Collections.synchronizedMap(new IdentityHashMap<>());

    /** {@code request} is served on {@code response} until {@link #close}. */
    public void open(ClientRequest request, HttpServerResponse response, HttpVersion version) {
        if (response != null && version != null && version != HttpVersion.HTTP_1_0) {
            open.put(request, response);
        }
    }

    public void close(ClientRequest request) {
        open.remove(request);
    }

    /** The origin sent {@code 103} with {@code headers} while filling for {@code request}. */
    public void relay(ClientRequest request, MultiMap headers) {
        HttpServerResponse response = open.get(request);
        if (response == null || response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        HopByHop hop = HopByHop.of(headers.get("connection"));
        MultiMap hints = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!hop.isHopByHop(name) && !NOT_HINTS.contains(name)) {
                hints.add(h.getKey(), h.getValue());
            }
        }
        if (!hints.isEmpty()) {
            response.writeEarlyHints(hints);
        }
    }
}
