package io.callguard.rest;

/** The roles of the {@code groups} claim of a bearer token. */
public final class Roles {

    /** Writes the blocklist and allowlist. */
    public static final String FRAUD_ANALYST = "fraud-analyst";
    /** Writes protected lines. */
    public static final String LINE_ADMIN = "line-admin";
    /** Reads everything, writes nothing (customer support, dashboards). */
    public static final String VIEWER = "viewer";
    /** Customer support: reads what a caller's question needs (decisions, histories). */
    public static final String SUPPORT_AGENT = "support-agent";
    /** A service account of the reporting channels (SMS gateway, IVR, app back end): posts fraud reports only. */
    public static final String REPORT_INTAKE = "report-intake";

    /**
     * A family member of a protected line, signed in through the carrier's app; the token's subject is their own
     * number (E.164), and what they may reach is decided from the registry on every request.
     */
    public static final String FAMILY = "family";

    private Roles() {}
}
