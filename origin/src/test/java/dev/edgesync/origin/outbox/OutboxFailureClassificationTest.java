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
        assertTrue(PublishFailure.permanent(new RecordTooLargeException("too large")));
        assertTrue(PublishFailure.permanent(new RecordBatchTooLargeException("too large")));
        assertTrue(PublishFailure.permanent(new SerializationException("bad")));
        assertTrue(PublishFailure.permanent(new InvalidRecordException("bad")));
    }

    @Test
    void anUnreachableOrMisconfiguredBrokerIsRetriedNeverDeadLettered() {
        assertFalse(PublishFailure.permanent(new TimeoutException("metadata")));
        assertFalse(PublishFailure.permanent(new NotEnoughReplicasException("isr")));
        assertFalse(PublishFailure.permanent(new UnknownTopicOrPartitionException("topic")));
        assertFalse(PublishFailure.permanent(new TopicAuthorizationException("acl")));
        assertFalse(PublishFailure.permanent(new SaslAuthenticationException("sasl")));
        assertFalse(PublishFailure.permanent(new KafkaException("producer closed")));
        assertFalse(PublishFailure.permanent(new InterruptedException()));
    }

    @Test
    void theRelaysPartitionIsTheDefaultPartitionersForAKey() {
        // murmur2 of the key, as Kafka's BuiltInPartitioner computes it: the heartbeats rely on agreeing with it.
        byte[] key = "/api/content/13".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(OutboxHeartbeats.partitionOf("/api/content/13", 3)
                == org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 3));
    }
}
