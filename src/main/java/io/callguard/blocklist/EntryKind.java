package io.callguard.blocklist;

/** Whether an entry names one number or a whole prefix range. */
public enum EntryKind {
    NUMBER,
    PREFIX
}
