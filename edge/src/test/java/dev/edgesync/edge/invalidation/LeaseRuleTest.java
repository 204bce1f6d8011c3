package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeaseRuleTest {

    @Test
    void holdsWhileTheRegionHasAppliedUpToNowLessDelayAndLease() {
        long now = 1_000_000;
        assertTrue(StalenessLease.holds(now - 100 - 500, now, 100, 500));
        assertTrue(StalenessLease.holds(now, now, 100, 500));
        assertFalse(StalenessLease.holds(now - 100 - 501, now, 100, 500));
        assertFalse(StalenessLease.holds(now - 5_000, now, 100, 500), "Kafka stalled for 5 s");
    }

    @Test
    void aReplicaThatHasSeenNoProgressYetHasNoLease() {
        assertFalse(StalenessLease.holds(Long.MIN_VALUE, 1_000_000, 100, 500));
    }

    @Test
    void onlyPoliciesThatEvictKeysWithoutExpiryEvictState() {
        assertTrue(EvictionPolicyCheck.evictsState("allkeys-lru"));
        assertTrue(EvictionPolicyCheck.evictsState("allkeys-lfu"));
        assertTrue(EvictionPolicyCheck.evictsState("allkeys-random"));
        assertFalse(EvictionPolicyCheck.evictsState("volatile-lru"));
        assertFalse(EvictionPolicyCheck.evictsState("volatile-ttl"));
        assertFalse(EvictionPolicyCheck.evictsState("noeviction"));
        assertFalse(EvictionPolicyCheck.evictsState(null));
    }
}
