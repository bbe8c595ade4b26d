package io.callguard.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import io.callguard.blocklist.BlocklistState;
import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.lines.LinesState;
import io.callguard.pipeline.ScreeningPipeline;
import io.callguard.reports.CommunityLabels;
import io.callguard.state.StateTopicReader;
import io.callguard.state.TopicBootstrap;

/**
 * Start order: topics (when auto-create is on) → state readers → screening, once every state topic has caught up, so
 * no call is screened against a half-loaded blocklist. Stop order is the reverse, with screening finishing its batch.
 */
@ApplicationScoped
public class ServiceLifecycle {

    private static final Logger LOG = Logger.getLogger(ServiceLifecycle.class);

    @Inject
    CallguardConfig config;

    @Inject
    KafkaClientFactory clients;

    @Inject
    BlocklistState blocklist;

    @Inject
    LinesState lines;

    @Inject
    ScreeningPipeline pipeline;

    @Inject
    StateReaders readers;

    @Inject
    CommunityLabels labels;

    private volatile boolean stopping;
    private Thread starter;

    void onStart(@Observes StartupEvent event) {
        if (config.topics().autoCreate()) {
            TopicBootstrap.createMissing(config, clients);
        }
        readers.all().forEach(StateTopicReader::start);
        starter = new Thread(this::startWhenCaughtUp, "screening-starter");
        starter.setDaemon(true);
        starter.start();
    }

    public boolean stateCaughtUp() {
        return readers.caughtUp();
    }

    /** Screening and labelling judge by the views: neither starts before every view has caught up. */
    private void startWhenCaughtUp() {
        while (!stopping && !stateCaughtUp()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (stopping) {
            return;
        }
        labels.start();
        if (config.pipeline().enabled()) {
            pipeline.start();
        } else {
            LOG.info("screening disabled (callguard.pipeline.enabled=false): serving REST and state only");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        LOG.info("stopping: screening finishes its batch and commits");
        pipeline.stop();
        labels.stop();
    }
}
