package io.callguard.reports;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.callguard.blocklist.BlocklistService;
import io.callguard.blocklist.BlocklistState;
import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.lines.LinesState;
import io.callguard.screening.ScreeningSettings;

/** Runs this replica's labeller, once the views it judges by have caught up (started by the service lifecycle). */
@ApplicationScoped
public class CommunityLabels {

    @Inject
    CallguardConfig config;

    @Inject
    KafkaClientFactory clients;

    @Inject
    BlocklistState blocklist;

    @Inject
    BlocklistService entries;

    @Inject
    LinesState lines;

    @Inject
    ReportsState reports;

    @Inject
    ScreeningSettings screening;

    @Inject
    ReportMetrics metrics;

    @Inject
    Clock clock;

    private CommunityLabeller labeller;
    private Thread thread;

    public synchronized void start() {
        if (!config.reports().labellerEnabled() || labeller != null) {
            return;
        }
        CallguardConfig.Reports c = config.reports();
        labeller = new CommunityLabeller(
                this::consumer,
                () -> clients.rawProducer(Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "callguard-" + clients.instanceId() + "-labeller-dlq")),
                new CommunityLabeller.Topics(
                        config.topics().fraudReports(), config.topics().fraudReportsDlq()),
                reports.reports(),
                ScoringSettings.of(c),
                new LabelExclusions(screening.globalAllowlist(), blocklist.view(), lines.view(), reports.clearances()),
                blocklist.view(),
                entries,
                blocklist.writer(),
                metrics,
                clock,
                c.pollTimeout(),
                c.horizon(),
                c.sweepEvery());
        thread = new Thread(labeller, "community-labeller");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (labeller != null) {
            labeller.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clients.stateConsumerConfig(Map.of()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.reports().groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "callguard-" + clients.instanceId() + "-labeller");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        return new KafkaConsumer<>(props);
    }
}
