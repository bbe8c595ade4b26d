package io.callguard.config;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts Kafka client failures into the two tiers of the client examples: retriable (the broker is busy, restarting
 * or unreachable: back off and try again) and fatal (retrying changes nothing: missing rights, a record the broker
 * will never take, a topic that does not exist, a fenced producer). A fatal failure must end the loop loudly.
 */
public final class KafkaFailures {

    public enum Tier {
        RETRIABLE,
        FATAL
    }

    private KafkaFailures() {}

    public static Tier tierOf(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof AuthenticationException
                || t instanceof AuthorizationException
                || t instanceof RecordTooLargeException
                || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidTopicException
                || t instanceof UnknownTopicOrPartitionException
                || t instanceof ProducerFencedException
                || t instanceof OutOfOrderSequenceException
                || t instanceof UnsupportedVersionException
                || t instanceof InvalidConfigurationException
                || t instanceof SerializationException) {
            return Tier.FATAL;
        }
        // The producer gives up on a topic missing from the metadata with a timeout: the topic is not there.
        if (t instanceof TimeoutException
                && t.getMessage() != null
                && t.getMessage().contains("not present in metadata")) {
            return Tier.FATAL;
        }
        if (t instanceof RetriableException
                || t instanceof InvalidProducerEpochException
                || t instanceof KafkaException) {
            return Tier.RETRIABLE;
        }
        return Tier.FATAL;
    }

    /** The failure behind wrappers such as {@link ExecutionException}. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException || isBareKafkaWrapper(t))
                && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A plain {@link KafkaException} that only carries a more specific cause. */
    private static boolean isBareKafkaWrapper(Throwable t) {
        return t != null && t.getClass() == KafkaException.class && t.getCause() instanceof KafkaException;
    }

    /** A short description for logs and metrics tags: the failure's simple class name. */
    public static String kindOf(Throwable failure) {
        return unwrap(failure).getClass().getSimpleName();
    }
}
