package dev.edgesync.origin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeDirectoryTest {

    @Test
    void readsRegionEqualsUrlPairsInOrder() {
        EdgeDirectory d = EdgeDirectory.parse(" us-east=http://127.0.0.1:5001/ , eu-west=http://edge-eu-west:8080");
        assertEquals(List.of("us-east", "eu-west"), List.copyOf(d.edges().keySet()));
        assertEquals(URI.create("http://127.0.0.1:5001"), d.url("us-east"));
    }

    @Test
    void emptyMeansNoEdges() {
        assertTrue(EdgeDirectory.parse("").edges().isEmpty());
        assertTrue(EdgeDirectory.parse(null).edges().isEmpty());
    }

    @Test
    void refusesWhatIsNotRegionEqualsHttpUrl() {
        for (String bad : List.of("us-east", "=http://x", "us-east=", "us-east=ftp://x", "a=http://x,a=http://y")) {
            assertThrows(IllegalArgumentException.class, () -> EdgeDirectory.parse(bad), bad);
        }
    }
}
