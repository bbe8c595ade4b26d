package io.callguard.config;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static io.callguard.config.KafkaFailures.Tier.FATAL;
import static io.callguard.config.KafkaFailures.Tier.RETRIABLE;
import static org.assertj.core.api.Assertions.assertThat;

class KafkaFailuresTest {

    @Test
    void tierOf_failuresThatRetryingCannotCure_areFatal() {
        assertThat(KafkaFailures.tierOf(new TopicAuthorizationException("no ACL")))
                .isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new RecordTooLargeException("too big"))).isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new UnknownTopicOrPartitionException("gone")))
                .isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new ProducerFencedException("fenced"))).isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new TimeoutException("Topic x not present in metadata after 60000 ms.")))
                .isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new IllegalStateException("bug"))).isEqualTo(FATAL);
    }

    @Test
    void tierOf_passingTrouble_isRetriable() {
        assertThat(KafkaFailures.tierOf(new NotEnoughReplicasException("isr"))).isEqualTo(RETRIABLE);
        assertThat(KafkaFailures.tierOf(new TimeoutException("Expiring 3 record(s)")))
                .isEqualTo(RETRIABLE);
        assertThat(KafkaFailures.tierOf(new KafkaException("transaction aborted")))
                .isEqualTo(RETRIABLE);
    }

    @Test
    void tierOf_looksThroughWrappers() {
        assertThat(KafkaFailures.tierOf(new ExecutionException(new RecordTooLargeException("big"))))
                .isEqualTo(FATAL);
        assertThat(KafkaFailures.tierOf(new KafkaException(new TopicAuthorizationException("no ACL"))))
                .isEqualTo(FATAL);
        assertThat(KafkaFailures.kindOf(new ExecutionException(new RecordTooLargeException("big"))))
                .isEqualTo("RecordTooLargeException");
    }
}
