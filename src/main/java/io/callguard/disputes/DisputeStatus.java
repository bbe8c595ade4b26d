package io.callguard.disputes;

/** OPEN until an analyst resolves it: LIFTED (the block is gone) or UPHELD (the block stays). */
public enum DisputeStatus {
    OPEN,
    LIFTED,
    UPHELD
}
