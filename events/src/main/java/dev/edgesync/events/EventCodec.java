package dev.edgesync.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON encoding of the contract. Decoding checks the schema version first (an unknown version is
 * rejected, never guessed at) and then the event's own rules; fields added later within one schema
 * version are ignored.
 */
public final class EventCodec {
    /** Longest key, tag or prefix accepted, in characters. */
    public static final int MAX_TOKEN_LENGTH = 2048;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    public static String encode(InvalidationEvent event) {
        return write(event);
    }

    public static String encode(InvalidationAck ack) {
        return write(ack);
    }

    public static InvalidationEvent decodeEvent(String json) throws InvalidEventException {
        JsonNode tree = readTree(json);
        checkSchema(tree);
        InvalidationEvent event;
        try {
            event = MAPPER.treeToValue(tree, InvalidationEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("malformed event: " + rootMessage(e), e);
        }
        validate(event);
        return event;
    }

    public static InvalidationAck decodeAck(String json) throws InvalidEventException {
        JsonNode tree = readTree(json);
        checkSchema(tree);
        InvalidationAck ack;
        try {
            ack = MAPPER.treeToValue(tree, InvalidationAck.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("malformed ack: " + rootMessage(e), e);
        }
        if (blank(ack.eventId()) || blank(ack.region()) || ack.appliedAt() <= 0) {
            throw new InvalidEventException("ack needs eventId, region and a positive appliedAt");
        }
        return ack;
    }

    /** The rules every event obeys, whoever wrote it. */
    public static void validate(InvalidationEvent event) throws InvalidEventException {
        if (blank(event.id())) {
            throw new InvalidEventException("event has no id");
        }
        if (event.kind() == null) {
            throw new InvalidEventException("event " + event.id() + " has no kind");
        }
        if (event.kind() == EventKind.HEARTBEAT) {
            if (!event.keys().isEmpty() || !event.tags().isEmpty() || !event.prefixes().isEmpty()
                    || !event.patterns().isEmpty()) {
                throw new InvalidEventException("heartbeat " + event.id() + " must name no keys, tags or prefixes");
            }
        } else if (event.keys().isEmpty() && event.tags().isEmpty() && event.prefixes().isEmpty()
                && event.patterns().isEmpty()) {
            throw new InvalidEventException("event " + event.id() + " names no keys, tags, prefixes or patterns");
        }
        if (event.issuedAt() <= 0) {
            throw new InvalidEventException("event " + event.id() + " has no issuedAt");
        }
        if (event.version() < 0) {
            throw new InvalidEventException("event " + event.id() + " has a negative version");
        }
        checkTokens(event.id(), "key", event.keys());
        checkTokens(event.id(), "tag", event.tags());
        checkTokens(event.id(), "prefix", event.prefixes());
        for (String pattern : event.patterns()) {
            try {
                PathPattern.of(pattern);
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException("event " + event.id() + ": pattern '" + pattern + "': " + e.getMessage());
            }
        }
        for (String key : event.keys()) {
            if (!key.startsWith("/")) {
                throw new InvalidEventException("event " + event.id() + ": key '" + key + "' must start with /");
            }
        }
        for (String prefix : event.prefixes()) {
            if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
                throw new InvalidEventException(
                        "event " + event.id() + ": prefix '" + prefix + "' must start and end with /");
            }
        }
    }

    private static void checkTokens(String id, String what, List<String> tokens) throws InvalidEventException {
        for (String token : tokens) {
            if (blank(token) || token.length() > MAX_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidEventException(
                        "event " + id + ": " + what + " must be 1-" + MAX_TOKEN_LENGTH + " characters without spaces");
            }
        }
    }

    private static JsonNode readTree(String json) throws InvalidEventException {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty message");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new InvalidEventException("not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("unparseable JSON: " + rootMessage(e), e);
        }
    }

    private static void checkSchema(JsonNode tree) throws InvalidEventException {
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.canConvertToInt()) {
            throw new InvalidEventException("missing schema version");
        }
        if (schema.asInt() != InvalidationEvent.SCHEMA) {
            throw new InvalidEventException(
                    "unknown schema version " + schema.asInt() + " (this reader knows " + InvalidationEvent.SCHEMA + ")");
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
