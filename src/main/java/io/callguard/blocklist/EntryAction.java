package io.callguard.blocklist;

/**
 * BLOCK lists a fraud number; ALLOW is an exception that must never be blocked (a bank's line in a bad range); DNO
 * (Do-Not-Originate) lists numbers that never place calls (inbound-only service lines, unallocated ranges), so a call
 * presenting one is spoofed by definition.
 */
public enum EntryAction {
    BLOCK,
    ALLOW,
    DNO
}
