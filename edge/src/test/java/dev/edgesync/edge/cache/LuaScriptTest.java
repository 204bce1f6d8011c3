package dev.edgesync.edge.cache;

import dev.edgesync.testkit.servers.RedisInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's Lua scripts are resources read once, called by the hash Redis itself gives them. */
class LuaScriptTest {

    @Test
    void everyScriptOfTheStoreIsCalledByTheHashRedisGivesItsResource(@TempDir Path dir) throws Exception {
        List<LuaScript> scripts = storeScripts();
        assertTrue(scripts.size() >= 9, "the store's scripts: " + scripts);
        try (RedisInstance redis = RedisInstance.start("lua-script-test", dir, 0);
             Socket socket = new Socket("127.0.0.1", redis.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (LuaScript script : scripts) {
                // what the store sends after a NOSCRIPT: Redis answers the SHA-1 it files the body under
                out.write(command("SCRIPT", "LOAD", script.body()));
                out.flush();
                String reply = in.readLine();
                assertTrue(reply.startsWith("$"), script + ": " + reply);
                assertEquals(in.readLine(), script.sha1(), script.name());
                assertTrue(LuaScript.loaded().contains(script), script + " is reloaded after a NOSCRIPT");
            }
        }
    }

    @Test
    void aMissingScriptFailsWhenLoadedNamingItsResource() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LuaScript.load("no-such-script"));
        assertTrue(e.getMessage().contains("lua/no-such-script.lua"), e.getMessage());
    }

    private static List<LuaScript> storeScripts() throws IllegalAccessException {
        List<LuaScript> scripts = new ArrayList<>();
        for (Class<?> owner : List.of(StoreScripts.class)) {
            for (Field f : owner.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == LuaScript.class) {
                    f.setAccessible(true);
                    scripts.add((LuaScript) f.get(null));
                }
            }
        }
        return scripts;
    }

    private static byte[] command(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
