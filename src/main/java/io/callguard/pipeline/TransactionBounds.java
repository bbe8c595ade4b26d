package io.callguard.pipeline;

import java.time.Duration;

/**
 * When an exactly-once transaction commits: once it is {@code maxAge} old or holds {@code maxRecords} input records,
 * whichever comes first. A zero age commits after every poll.
 */
record TransactionBounds(Duration maxAge, int maxRecords) {

    TransactionBounds {
        if (maxAge.isNegative() || maxRecords < 1) {
            throw new IllegalArgumentException("transaction bounds must be positive: " + maxAge + ", " + maxRecords);
        }
    }
}
