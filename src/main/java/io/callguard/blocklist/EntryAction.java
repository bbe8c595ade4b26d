package io.callguard.blocklist;

/** BLOCK lists a fraud number; ALLOW is an exception that must never be blocked (a bank's line in a bad range). */
public enum EntryAction {
    BLOCK,
    ALLOW
}
