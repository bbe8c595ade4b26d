package io.callguard.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;

/** The one transactional writer of this replica's state and audit records. */
@ApplicationScoped
public class StateWriterProducer {

    @Produces
    @Singleton
    public StateTopicWriter writer(CallguardConfig config, KafkaClientFactory clients) {
        return new StateTopicWriter(
                () -> clients.stateWriter("state-writer"), config.state().applyTimeout());
    }

    void close(@Disposes StateTopicWriter writer) {
        writer.close();
    }
}
