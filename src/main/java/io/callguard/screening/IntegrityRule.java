package io.callguard.screening;

/** A rule of rule I (caller-ID integrity), which names its check. */
public interface IntegrityRule extends Rule {

    IntegrityCheck check();
}
