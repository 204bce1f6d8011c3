package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Passes a {@code 103 Early Hints} the origin sends during a fill on to the client whose request started that fill
 * (RFC 8297; RFC 9110 §15.2: a proxy forwards 1xx responses), and to the clients whose requests were collapsed onto
 * that fill in this process ({@link #follow}): a waiter that joins after a hint arrived gets the hints so far at once,
 * later ones as they come. The client's connection is known while its request is served ({@link #open} /
 * {@link #close}); a fill calls {@link #relay} from the origin client's event loop. Hints are never stored: a HIT has
 * none, and a fill's hints are forgotten when its client's request ends. Waiters on another replica and background
 * revalidations get none; an HTTP/1.0 client gets none (a server must not send it 1xx).
 */
@ApplicationScoped
public class EarlyHintsRelay {
    /** Fields of the origin's 103 that describe its connection, not the hints. */
    private static final Set<String> NOT_HINTS = Set.of("content-length", "date", "server");

    /** A fill that received hints: the request it fills for, the hints so far, the requests collapsed onto it. */
    private static final class Fill {
        final ClientRequest leader;
        final List<MultiMap> hints = new ArrayList<>();
        final List<HttpServerResponse> followers = new ArrayList<>();

        Fill(ClientRequest leader) {
            this.leader = leader;
        }
    }

    /** By identity: two equal requests from two clients are two connections. */
    private final Map<ClientRequest, HttpServerResponse> open = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Fills with hints whose leader is still open, and their followers, by key; guarded by {@code this}. */
    private final Map<String, Fill> fills = new java.util.HashMap<>();
    /** Followers that joined before the fill's first hint, by key; guarded by {@code this}. */
    private final Map<String, List<HttpServerResponse>> early = new java.util.HashMap<>();

    /** {@code request} is served on {@code response} until {@link #close}. */
    public void open(ClientRequest request, HttpServerResponse response, HttpVersion version) {
        if (response != null && version != null && version != HttpVersion.HTTP_1_0) {
            open.put(request, response);
        }
    }

    public void close(ClientRequest request) {
        HttpServerResponse response = open.remove(request);
        synchronized (this) {
            Fill fill = fills.get(request.key());
            if (fill != null && fill.leader == request) {
                fills.remove(request.key());
            }
        }
        if (response != null) {
            unfollow(request.key(), response);
        }
    }

    /**
     * {@code waiter} was collapsed onto the fill running for a request of the same key in this process: it gets the
     * hints that fill received so far and those it receives until its leader's request ends.
     */
    public void follow(ClientRequest waiter) {
        HttpServerResponse response = open.get(waiter);
        if (response != null) {
            follow(waiter.key(), response);
        }
    }

    /**
     * A request of {@code key} waiting on {@code response} for the fill of the same key in this process (the hit
     * path's waiting list) gets its hints as {@link #follow(ClientRequest)} does, until {@link #unfollow}.
     */
    public void follow(String key, HttpServerResponse response, HttpVersion version) {
        if (version != null && version != HttpVersion.HTTP_1_0) {
            follow(key, response);
        }
    }

    private void follow(String key, HttpServerResponse response) {
        List<MultiMap> sent;
        synchronized (this) {
            Fill fill = fills.get(key);
            if (fill == null) {
                early.computeIfAbsent(key, k -> new ArrayList<>()).add(response);
                return;
            }
            fill.followers.add(response);
            sent = List.copyOf(fill.hints);
        }
        sent.forEach(hints -> write(response, hints));
    }

    /** {@code response}, a follower of {@code key}'s fill, has ended. */
    public synchronized void unfollow(String key, HttpServerResponse response) {
        Fill fill = fills.get(key);
        if (fill != null) {
            fill.followers.remove(response);
        }
        List<HttpServerResponse> waiting = early.get(key);
        if (waiting != null && waiting.remove(response) && waiting.isEmpty()) {
            early.remove(key);
        }
    }

    /** The origin sent {@code 103} with {@code headers} while filling for {@code request}. */
    public void relay(ClientRequest request, MultiMap headers) {
        if (!open.containsKey(request)) {
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
        if (hints.isEmpty()) {
            return;
        }
        List<HttpServerResponse> followers;
        synchronized (this) {
            Fill fill = fills.computeIfAbsent(request.key(), k -> new Fill(request));
            if (fill.leader != request) { // another fill of the key (e.g. a waiter that then fetched on its own)
                fill = new Fill(request);
                fills.put(request.key(), fill);
            }
            List<HttpServerResponse> waiting = early.remove(request.key());
            HttpServerResponse own = open.get(request);
            if (waiting != null) {
                waiting.stream().filter(w -> w != own).forEach(fill.followers::add);
            }
            fill.hints.add(hints);
            followers = List.copyOf(fill.followers);
        }
        write(open.get(request), hints);
        followers.forEach(f -> write(f, hints));
    }

    private static void write(HttpServerResponse response, MultiMap hints) {
        if (response != null && !response.headWritten() && !response.ended() && !response.closed()) {
            response.writeEarlyHints(hints);
        }
    }
}
