package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminCredentialCheckTest {

    @Test
    void theEdgeRefusesAWeakOrPlaceholderAdminCredential() {
        // REPLACE-ME-admin-token is what k8s/secret.yaml and the chart's example values ship
        for (String credential : new String[] { null, "", "short", "REPLACE-ME-admin-token", "dev-admin-token",
                "test-admin-token", "changeme-changeme-changeme" }) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> AdminCredentialCheck.check(credential),
                    "refused: " + credential);
            assertTrue(e.getMessage().startsWith("EDGESYNC_ADMIN_TOKEN"), e.getMessage());
        }
    }

    @Test
    void theEdgeStartsWithARandomAdminCredential() {
        assertDoesNotThrow(() -> AdminCredentialCheck.check("9d2f4a7c1e8b3f60a5d7c2e9"));
    }
}
