package dev.edgesync.events.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which bearer tokens are too weak to run with: empty, short, or a value printed in manifests and docs. Shared by the
 * origin (purge and write tokens) and the edge (admin token); it lives here as the one module both services depend on.
 */
public final class TokenPolicy {
    public static final int MIN_LENGTH = 16;
    private static final Set<String> WELL_KNOWN = Set.of("changeme", "change-me", "changeit", "secret", "password",
            "token", "dev-purge-token", "test-purge-token", "dev-write-token", "test-write-token", "dev-admin-token",
            "test-admin-token");

    private TokenPolicy() {
    }

    /** Why {@code token} must not be used, or empty when it may. */
    public static Optional<String> weakness(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of("it is empty");
        }
        String lower = token.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("replace-me") || lower.contains("changeme") || lower.contains("placeholder")
                || WELL_KNOWN.contains(lower)) {
            return Optional.of("it is a well-known placeholder");
        }
        if (token.length() < MIN_LENGTH) {
            return Optional.of("it is shorter than " + MIN_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
