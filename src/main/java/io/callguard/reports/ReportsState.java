package io.callguard.reports;

import java.time.Clock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.StrictJson;
import io.callguard.state.MaterializedTopic;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The reports side of this replica: the clearances view and its reader, and the one reader of reports. */
@ApplicationScoped
public class ReportsState {

    private final ClearancesView clearances;
    private final MaterializedTopic clearancesTopic;
    private final FraudReportReader reports;

    @Inject
    public ReportsState(
            CallguardConfig config,
            KafkaClientFactory clients,
            StateTopicWriter writer,
            ObjectMapper mapper,
            NumberNormalizer numbers,
            Clock clock,
            MeterRegistry registry) {
        this.clearances = new ClearancesView(StrictJson.lenient(mapper));
        this.clearancesTopic = new MaterializedTopic(
                config.topics().reportClearances(), clearances, writer, config, clients, registry);
        this.reports =
                new FraudReportReader(mapper, numbers, clock, config.reports().horizon());
    }

    public ClearancesView clearances() {
        return clearances;
    }

    public StateTopicReader clearancesReader() {
        return clearancesTopic.reader();
    }

    public FraudReportReader reports() {
        return reports;
    }

    @PreDestroy
    void close() {
        clearancesTopic.close();
    }
}
