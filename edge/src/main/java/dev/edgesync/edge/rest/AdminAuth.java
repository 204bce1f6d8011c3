package dev.edgesync.edge.rest;

import dev.edgesync.edge.config.RegionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <edgesync.admin.token>} on admin endpoints. */
@ApplicationScoped
public class AdminAuth {
    private final byte[] expected;

    public AdminAuth(RegionConfig config) {
        this.expected = ("Bearer " + config.admin().token()).getBytes(StandardCharsets.UTF_8);
    }

    public void require(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ProblemException(401, "unauthorized", "Unauthorized",
                    "admin endpoints need Authorization: Bearer <edgesync.admin.token>");
        }
    }
}
