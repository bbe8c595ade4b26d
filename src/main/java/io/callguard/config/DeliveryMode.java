package io.callguard.config;

/** How the screening loop ties outputs to input offsets. */
public enum DeliveryMode {
    /** Outputs acknowledged, then offsets committed: a crash may repeat a tail, never lose one. */
    AT_LEAST_ONCE,
    /** Outputs and offsets in one Kafka transaction: read_committed readers see each output once. */
    EXACTLY_ONCE
}
