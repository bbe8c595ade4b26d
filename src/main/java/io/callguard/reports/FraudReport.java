package io.callguard.reports;

import java.time.Instant;

import io.callguard.blocklist.FraudCategory;

/**
 * One report of a fraud call, as the {@code fraud-reports} topic carries it (key: the reported number). Built only by
 * {@link FraudReportReader}, which validates and normalises it.
 *
 * @param reportedNumber the number that called, canonical (E.164 or a short code)
 * @param reporterNumber who reports, E.164; never the reported number
 * @param callId the call reported, when the channel knows it
 */
public record FraudReport(
        String reportId,
        String reportedNumber,
        String reporterNumber,
        ReportChannel channel,
        FraudCategory category,
        String callId,
        Instant reportedAt) {}
