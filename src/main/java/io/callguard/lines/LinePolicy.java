package io.callguard.lines;

import java.time.ZoneId;

/**
 * The protection a senior line has chosen. Missing fields take the product defaults: block hidden, international and
 * high-risk-range callers; do not block unverified ones; no quiet hours; notify the family on blocks only.
 */
public record LinePolicy(
        Boolean blockHidden,
        Boolean blockInternational,
        Boolean blockHighRiskRanges,
        Boolean blockUnverified,
        QuietHours quietHours,
        ZoneId timeZone,
        Boolean notifyFamily,
        Boolean notifyOnWarn) {

    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Shanghai");
    public static final LinePolicy DEFAULTS = new LinePolicy(null, null, null, null, null, null, null, null);

    public LinePolicy {
        blockHidden = blockHidden == null || blockHidden;
        blockInternational = blockInternational == null || blockInternational;
        blockHighRiskRanges = blockHighRiskRanges == null || blockHighRiskRanges;
        blockUnverified = blockUnverified != null && blockUnverified;
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        notifyFamily = notifyFamily == null || notifyFamily;
        notifyOnWarn = notifyOnWarn != null && notifyOnWarn;
    }
}
