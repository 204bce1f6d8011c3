package dev.edgesync.edge.cache;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Lua script of the edge's Redis store: its body, read once from {@code lua/<name>.lua} on the classpath, and the
 * SHA-1 by which {@code EVALSHA} calls it. Redis hashes and parses a script sent with {@code EVAL} on every call, which
 * cost more Redis CPU per miss than the commands the scripts run; so every call is an {@code EVALSHA}, and a Redis
 * that answers {@code NOSCRIPT} (restarted, flushed) gets all {@link #loaded()} scripts again ({@code SCRIPT LOAD}).
 */
public record LuaScript(String name, String body, String sha1) {

    private static final Map<String, LuaScript> LOADED = new ConcurrentHashMap<>();

    /** The script in {@code lua/<name>.lua}; fails at class initialisation when the resource is missing. */
    public static LuaScript load(String name) {
        String resource = "lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script resource " + resource);
            }
            return register(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static LuaScript register(String name, String body) {
        LuaScript script = new LuaScript(name, body, sha1(body));
        return LOADED.computeIfAbsent(script.sha1(), sha -> script);
    }

    /** Every script created so far: what a {@code NOSCRIPT} answer reloads. */
    static Collection<LuaScript> loaded() {
        return List.copyOf(LOADED.values());
    }

    /** {@code EVALSHA <sha1>}, to which the caller appends the key count, the keys and the arguments. */
    public Request evalsha() {
        return Request.cmd(Command.EVALSHA).arg(sha1);
    }

    /** {@code SCRIPT LOAD <body>}. */
    Request scriptLoad() {
        return Request.cmd(Command.SCRIPT).arg("LOAD").arg(body);
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + ".lua (" + sha1 + ")";
    }
}
