package dev.edgesync.origin.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class OutboxFailureClassificationTest {

    @Test
    void aRecordTheBrokerCanNeverTakeIsPermanent() {
        assertTrue(OutboxRelay.permanent(new RecordTooLargeException("too large")));
        assertTrue(OutboxRelay.permanent(new RecordBatchTooLargeException("too large")));
        assertTrue(OutboxRelay.permanent(new SerializationException("bad")));
        assertTrue(OutboxRelay.permanent(new InvalidRecordException("bad")));
    }

    @Test
    void anUnreachableOrMisconfiguredBrokerIsRetriedNeverDeadLettered() {
        assertFalse(OutboxRelay.permanent(new TimeoutException("metadata")));
        assertFalse(OutboxRelay.permanent(new NotEnoughReplicasException("isr")));
        assertFalse(OutboxRelay.permanent(new UnknownTopicOrPartitionException("topic")));
        assertFalse(OutboxRelay.permanent(new TopicAuthorizationException("acl")));
        assertFalse(OutboxRelay.permanent(new SaslAuthenticationException("sasl")));
        assertFalse(OutboxRelay.permanent(new KafkaException("producer closed")));
        assertFalse(OutboxRelay.permanent(new InterruptedException()));
    }

    @Test
    void theRelaysPartitionIsTheDefaultPartitionersForAKey() {
        // murmur2 of the key, as Kafka's BuiltInPartitioner computes it: the heartbeats rely on agreeing with it.
        byte[] key = "/api/content/13".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(OutboxRelay.partitionOf("/api/content/13", 3)
                == org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 3));
    }
}
