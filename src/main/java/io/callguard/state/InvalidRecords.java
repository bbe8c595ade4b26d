package io.callguard.state;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Counts state records a view had to skip. One line per bad record at DEBUG; a sampled WARN (the first, then every
 * thousandth) so a bad feed is visible without flooding the log.
 */
public final class InvalidRecords {

    private static final Logger LOG = Logger.getLogger(InvalidRecords.class);

    private final String what;
    private final AtomicLong count = new AtomicLong();

    /** @param what the kind of record, for log lines ({@code blocklist}) */
    public InvalidRecords(String what) {
        this.what = what;
    }

    public void reject(String key, String why) {
        long total = count.incrementAndGet();
        if (total == 1 || total % 1000 == 0) {
            LOG.warnf("skipped invalid %s record key=%s reason=%s invalidTotal=%d", what, key, why, total);
        } else {
            LOG.debugf("skipped invalid %s record key=%s reason=%s", what, key, why);
        }
    }

    public long count() {
        return count.get();
    }
}
