package dev.katka.admin;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits for the answer of a Kafka client call and turns the cluster's refusals into
 * {@link AdminException}s of the right kind. {@code what} says what was asked ("topic 'orders'"),
 * so that the message names the thing: Kafka's own messages are kept after it.
 *
 * <p>Stateless; thread-safe.
 */
final class KafkaAnswers {

    /** Longer than the clients' own timeouts, which fire first with a better message. */
    private static final long WAIT_SECONDS = 30;

    private KafkaAnswers() {
    }

    static <T> T await(Future<T> answer, String what) {
        try {
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(AdminException.Kind.UNAVAILABLE, "interrupted while waiting for " + what, e);
        } catch (TimeoutException e) {
            throw new AdminException(AdminException.Kind.UNAVAILABLE, "the cluster did not answer in time about " + what, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        }
    }

    static RuntimeException translate(Throwable failure, String what) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof UnknownTopicOrPartitionException || failure instanceof GroupIdNotFoundException) {
            return new AdminException(AdminException.Kind.NOT_FOUND, what + " does not exist", failure);
        }
        if (failure instanceof TopicExistsException) {
            return new AdminException(AdminException.Kind.CONFLICT, what + " already exists", failure);
        }
        if (failure instanceof GroupNotEmptyException || failure instanceof UnknownMemberIdException) {
            return new AdminException(AdminException.Kind.CONFLICT, what + " has active members", failure);
        }
        if (failure instanceof InvalidConfigurationException || failure instanceof InvalidPartitionsException
                || failure instanceof InvalidReplicationFactorException || failure instanceof InvalidTopicException
                || failure instanceof InvalidRequestException || failure instanceof PolicyViolationException
                || failure instanceof OffsetOutOfRangeException) {
            return new AdminException(AdminException.Kind.INVALID, what + ": " + reason, failure);
        }
        if (failure instanceof RetriableException || failure instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new AdminException(AdminException.Kind.UNAVAILABLE, what + ": " + reason, failure);
        }
        return new IllegalStateException(what + ": " + reason, failure);
    }
}
