package dev.edgesync.origin.outbox;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

/** Why a send failed, and whether the row can ever be published (dead letter) or only later (retry). */
final class PublishFailure {
    private PublishFailure() {
    }

    /**
     * Whether the broker will never accept this row: a serialization error or a non-retriable Kafka error about the
     * record. Errors about the producer or the client's rights (authentication, authorization, fencing, sequence)
     * would refuse every row alike; they are retried instead, so a misconfiguration never empties the outbox.
     */
    static boolean permanent(Throwable failure) {
        if (failure instanceof SerializationException) {
            return true;
        }
        return failure instanceof ApiException
                && !(failure instanceof RetriableException)
                && !(failure instanceof AuthenticationException)
                && !(failure instanceof AuthorizationException)
                && !(failure instanceof InvalidTopicException)
                && !(failure instanceof OutOfOrderSequenceException)
                && !(failure instanceof UnknownProducerIdException)
                && !(failure instanceof ProducerFencedException);
    }

    /** The failure of a send that has completed, null when it succeeded. */
    static Throwable of(Future<?> done) {
        try {
            done.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
