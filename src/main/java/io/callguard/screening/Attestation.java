package io.callguard.screening;

/** STIR/SHAKEN attestation level: A full, B partial, C gateway (caller id not verified). */
public enum Attestation {
    A,
    B,
    C
}
