package io.callguard.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.callguard.config.CallguardConfig;

@ApplicationScoped
public class NotifyProducer {

    @Produces
    @Singleton
    public FamilyNotifier notifier(CallguardConfig config, Ticker ticker, MeterRegistry registry) {
        CallguardConfig.Notifications n = config.notifications();
        FamilyNotifier notifier =
                new FamilyNotifier(n.dedupWindow(), n.maxTrackedPairs(), n.notifyOnQuietHours(), ticker);
        CaffeineCacheMetrics.monitor(registry, notifier.cache(), "callguard_notification_dedup");
        FunctionCounter.builder("callguard.notifications.sent", notifier, FamilyNotifier::sentCount)
                .description("Family notifications decided to send (first of a window)")
                .register(registry);
        FunctionCounter.builder("callguard.notifications.suppressed", notifier, FamilyNotifier::suppressedCount)
                .description("Repeat notifications suppressed inside the de-duplication window")
                .register(registry);
        return notifier;
    }
}
