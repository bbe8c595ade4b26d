package io.callguard.reports;

/** Where a fraud report came from. SUPPORT reports were taken by an agent on the phone, so they weigh more. */
public enum ReportChannel {
    IVR,
    SMS,
    APP,
    SUPPORT
}
