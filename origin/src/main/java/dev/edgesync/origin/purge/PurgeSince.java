package dev.edgesync.origin.purge;

import dev.edgesync.events.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The {@code since} of {@code GET /api/purge}: epoch ms or an ISO-8601 instant; absent means the last hour. */
public final class PurgeSince {
    private PurgeSince() {
    }

    public static long parse(String since, long now) {
        if (since == null || since.isBlank()) {
            return now - 3_600_000;
        }
        try {
            return Long.parseLong(since.trim());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(since.trim()).toEpochMilli();
            } catch (DateTimeParseException notInstant) {
                throw ProblemException.invalid("since must be epoch milliseconds or an ISO-8601 instant "
                        + "(2026-01-01T10:00:00Z)");
            }
        }
    }
}
