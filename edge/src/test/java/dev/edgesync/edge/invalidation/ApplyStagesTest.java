package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyStagesTest {

    @Test
    void eachStageIsTheTimeBetweenItsTwoMoments() {
        // issued 1000, handed to the producer 1040, received 1100 by a region with a 300 ms delay: due at 1300
        ApplyStages stages = new ApplyStages("e1", true, 1000, 1040, 1100);
        stages.scheduled(ApplyStages.due(1000, 300, 1100));
        stages.started(1310);
        stages.started(1500); // a retry while Redis was away: still Redis time, not the timer's
        stages.applied(1520);
        stages.ackSent(1535);

        assertEquals(Map.of("transit", 60L, "wait", 200L, "timer", 10L, "redis", 210L, "ack", 15L), stages.stages());
        assertTrue(stages.line("us-east").contains("event=e1 region=us-east lane=priority issued=1000 produced=1040"
                + " received=1100 due=1300 started=1310 applied=1520 ackSent=1535"), stages.line("us-east"));
    }

    @Test
    void anEventReceivedAfterItsDueTimeIsDueOnReceiptAndOnlyReachedStagesAreReported() {
        ApplyStages stages = new ApplyStages("e2", false, 1000, 0, 1500);
        stages.scheduled(ApplyStages.due(1000, 100, 1500));
        assertEquals(Map.of("wait", 0L), stages.stages());
    }
}
