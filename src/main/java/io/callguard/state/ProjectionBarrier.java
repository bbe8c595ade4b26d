package io.callguard.state;

/**
 * Lets a state write wait until a downstream read model has projected the records it wrote (its audit records), so
 * the history a person opens right after a change already shows it. Implemented above the state floor (by the read
 * model); a write without one waits for nothing.
 */
public interface ProjectionBarrier {

    /** Waits, bounded, until the record at {@code offset} of {@code topic}/{@code partition} is projected. */
    void await(String topic, int partition, long offset);
}
