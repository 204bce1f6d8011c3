package dev.edgesync.events.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenPolicyTest {

    @Test
    void emptyShortAndPlaceholderTokensAreRefused() {
        for (String token : new String[] { null, "", "   ", "short-token", "REPLACE-ME-purge-token",
                "REPLACE-ME-write-token", "changeme", "changeme-changeme-changeme", "test-purge-token" }) {
            assertTrue(TokenPolicy.weakness(token).isPresent(), "refused: " + token);
        }
    }

    @Test
    void aRandomTokenOfSixteenOrMoreCharactersIsAccepted() {
        assertEquals(Optional.empty(), TokenPolicy.weakness("3f9a1c7be0d24a58"));
        assertEquals(Optional.empty(), TokenPolicy.weakness("0c1d6e2f8a9b4c3d5e6f7a8b9c0d1e2f3a4b5c6d"));
    }
}
