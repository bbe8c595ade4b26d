package io.callguard.screening;

/** One rule's outcome in an explain trace. */
public record RuleTrace(
        String rule, Reason reason, Verdict verdict, boolean matched, boolean deciding, String detail) {}
