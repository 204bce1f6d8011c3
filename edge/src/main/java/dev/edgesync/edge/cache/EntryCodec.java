package dev.edgesync.edge.cache;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Binary form of a {@link CacheEntry}: a 4-byte length, the metadata as JSON, then the body bytes as they are. */
public final class EntryCodec {
    private static final byte FORMAT = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EntryCodec() {
    }

    /** Jackson writes this into Redis: registered so the native executable can too. */
    @RegisterForReflection
    record Meta(String key, int status, Map<String, String> headers, long version, String etag, String lastModified,
            List<String> tags, long storedAt, long freshUntil, long staleUntil, Map<String, Long> hard,
            Map<String, Long> soft, boolean markedStale, long initialAgeMs, List<String> vary, String variant) {
    }

    public static byte[] encode(CacheEntry e) {
        try {
            byte[] meta = MAPPER.writeValueAsBytes(new Meta(e.key(), e.status(), e.headers(), e.version(), e.etag(),
                    e.lastModified(), e.tags(), e.storedAt(), e.freshUntil(), e.staleUntil(), e.hardSnapshot(),
                    e.softSnapshot(), e.markedStale(), e.initialAgeMs(), e.vary(), e.variant()));
            ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + meta.length + e.body().length);
            buffer.put(FORMAT).putInt(meta.length).put(meta).put(e.body());
            return buffer.array();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The entry, or null when the bytes are not an entry this code wrote (treated as a miss). */
    public static CacheEntry decode(byte[] bytes) {
        if (bytes == null || bytes.length < 5 || bytes[0] != FORMAT) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        int metaLength = buffer.getInt();
        if (metaLength < 0 || metaLength > bytes.length - 5) {
            return null;
        }
        try {
            Meta m = MAPPER.readValue(bytes, 5, metaLength, Meta.class);
            byte[] body = Arrays.copyOfRange(bytes, 5 + metaLength, bytes.length);
            return new CacheEntry(m.key(), m.status(), nonNull(m.headers()), body, m.version(), m.etag(),
                    m.lastModified(), m.tags() == null ? List.of() : m.tags(), m.storedAt(), m.freshUntil(),
                    m.staleUntil(), nonNull(m.hard()), nonNull(m.soft()), m.markedStale(), m.initialAgeMs(), m.vary(),
                    m.variant());
        } catch (IOException ex) {
            return null;
        }
    }

    private static <K, V> Map<K, V> nonNull(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
