package io.callguard.config;

import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The service's clocks, injected everywhere time matters so tests can replace them. Rules use the events' setup times;
 * these clocks only stamp decisions and reclaim cache memory.
 */
@ApplicationScoped
public class TimeSources {

    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    public Ticker ticker() {
        return Ticker.systemTicker();
    }
}
