package dev.edgesync.origin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.origin.config.OriginConfig;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A page that stops reading (a frozen tab, a stalled connection) is cut off once it is {@code client-buffer} messages
 * behind, so the origin holds no more than that for it; its reconnection starts again from a fresh snapshot.
 */
class ConsoleFeedOverflowTest {
    private static final int CLIENT_BUFFER = 4;

    private final ConsoleFeed feed = new ConsoleFeed(origin(List.of("us-east", "eu-west")), console(CLIENT_BUFFER),
            new ObjectMapper());

    @Test
    void aPageThatDoesNotReadIsCutOffWhenItsBufferIsFullAndReconnectsToAFreshSnapshot() {
        AssertSubscriber<String> slow = feed.stream().subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<String> reading = feed.stream().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        assertEquals(2, feed.watchers());

        for (int i = 0; i < CLIENT_BUFFER - 1; i++) {
            feed.pollRegions(); // one "regions" message to every page
        }
        slow.assertNotTerminated(); // the snapshot and these unread: exactly its buffer, still connected
        feed.pollRegions();
        slow.assertFailedWith(BackPressureFailure.class);
        assertEquals(1, feed.watchers(), "the cut-off page is no longer held");

        // the page that reads got the snapshot and every message, and stays connected
        reading.assertNotTerminated();
        assertEquals(1 + CLIENT_BUFFER, reading.getItems().size());
        assertEquals("snapshot", type(reading.getItems().get(0)));
        assertEquals("regions", type(reading.getItems().get(CLIENT_BUFFER)));

        // the cut-off page reconnects: it starts from a fresh snapshot of the whole state
        AssertSubscriber<String> again = feed.stream().subscribe().withSubscriber(AssertSubscriber.create(1));
        again.awaitItems(1);
        assertEquals("snapshot", type(again.getItems().get(0)));
        again.assertNotTerminated();
        assertEquals(2, feed.watchers());
        again.cancel();
        reading.cancel();
    }

    private static String type(String message) {
        try {
            return new ObjectMapper().readTree(message).get("type").asText();
        } catch (Exception e) {
            throw new AssertionError(message, e);
        }
    }

    private static OriginConfig origin(List<String> regions) {
        return new OriginConfig() {
            public List<String> regions() {
                return regions;
            }

            public Content content() {
                return null;
            }

            public Outbox outbox() {
                return null;
            }

            public Purge purge() {
                return null;
            }

            public Write write() {
                return null;
            }

            public Limits limits() {
                return null;
            }
        };
    }

    private static ConsoleConfig console(int clientBuffer) {
        return new ConsoleConfig() {
            public Optional<String> edges() {
                return Optional.empty();
            }

            public int timelineSize() {
                return 100;
            }

            public Duration watch() {
                return Duration.ofSeconds(60);
            }

            public Duration tick() {
                return Duration.ofMillis(100);
            }

            public Duration regionsInterval() {
                return Duration.ofSeconds(1);
            }

            public String runsDir() {
                return ".edgesync/runs";
            }

            public int runsShown() {
                return 5;
            }

            public int clientBuffer() {
                return clientBuffer;
            }
        };
    }
}
