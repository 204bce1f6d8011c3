package dev.edgesync.testkit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.servers.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortPreflightTest {
    private static final List<RegionSpec> REGIONS = List.of(new RegionSpec("us-east", 0, Strategy.EAGER),
            new RegionSpec("eu-west", 2000, Strategy.LAZY));

    @Test
    void claimsEveryFixedPortAndNoneOfTheFreeOnes() {
        List<PortPreflight.Claim> claims = PortPreflight.claims(4000, 5001, REGIONS, 0, 5432);
        assertEquals(List.of(4000, 5001, 5002, 5432), claims.stream().map(PortPreflight.Claim::port).toList());
        assertEquals("edge eu-west", claims.get(2).service());
    }

    @Test
    void overlappingPortsAreAProblemEvenWhenFree() {
        Optional<String> problem = PortPreflight.problem(PortPreflight.claims(5002, 5001, REGIONS, 0, 0), p -> true);
        assertTrue(problem.orElseThrow().contains("port 5002 is given to both origin and edge eu-west"), problem.get());
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertFalse(PortPreflight.isFree(taken.getLocalPort()));
            Optional<String> problem = PortPreflight.problem(
                    PortPreflight.claims(taken.getLocalPort(), 0, REGIONS, 0, 0), PortPreflight::isFree);
            assertTrue(problem.orElseThrow().contains("--origin-port"), problem.get());
        }
        assertTrue(PortPreflight.isFree(Ports.free()));
    }
}
