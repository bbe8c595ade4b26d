package io.callguard.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;

/** Creates the service's topics when they are missing, with compaction for state topics. Off in production. */
public final class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {}

    public static void createMissing(CallguardConfig config, KafkaClientFactory clients) {
        CallguardConfig.Topics t = config.topics();
        Optional<Integer> partitions = Optional.of(t.partitions());
        Optional<Short> replication = t.replicationFactor() < 0 ? Optional.empty() : Optional.of(t.replicationFactor());
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> keepLong = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : List.of(
                t.callSetup(),
                t.callDecisions(),
                t.familyNotifications(),
                t.callSetupDlq(),
                t.fraudReports(),
                t.fraudReportsDlq())) {
            wanted.add(new NewTopic(name, partitions, replication));
        }
        wanted.add(new NewTopic(t.fraudBlocklist(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.protectedLines(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.blocklistApprovals(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.roamingSubscribers(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.disputes(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.reportClearances(), Optional.of(1), replication).configs(compacted));
        wanted.add(new NewTopic(t.blocklistAudit(), Optional.of(1), replication).configs(keepLong));
        wanted.add(new NewTopic(t.protectedLinesAudit(), Optional.of(1), replication).configs(keepLong));
        try (Admin admin = Admin.create(clients.commonConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(n -> !existing.contains(n.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics: " + e.getMessage(), e);
        }
    }
}
