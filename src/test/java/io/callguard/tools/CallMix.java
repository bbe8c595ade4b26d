package io.callguard.tools;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The traffic a switch sends: mostly ordinary domestic callers, with a share of calls to protected senior lines,
 * blocklisted callers, redialling campaigns, hidden and international callers, and a trickle of malformed events.
 */
public final class CallMix {

    /** Blocklisted callers the simulator seeds and then uses. */
    public static final List<String> FRAUDSTERS =
            List.of("+8618600000666", "+8618600000667", "+8618600000668", "+8616512340000", "+8618600000669");

    public static final String BLOCKED_PREFIX = "+8618611";

    /** Protected senior lines the simulator seeds. */
    public static final List<String> SENIOR_LINES =
            List.of("+8613912345678", "+8613912345679", "+8613912345680", "+8613912345681");

    public static final List<String> FAMILY = List.of("+8613800000001", "+8613800000002");

    private final SplittableRandom random;
    private final double malformedShare;
    private int campaignCallee;

    public CallMix(long seed, double malformedShare) {
        this.random = new SplittableRandom(seed);
        this.malformedShare = malformedShare;
    }

    /** One event as the key and JSON value to produce. */
    public record Event(String key, String json, boolean malformed) {}

    public Event next(String callId, long setupTime) {
        double p = random.nextDouble();
        if (p < malformedShare) {
            return new Event(
                    callId, "{\"callId\":" + (random.nextBoolean() ? "\"" + callId + "\"" : "42") + ",broken", true);
        }
        String called = random.nextDouble() < 0.10
                ? SENIOR_LINES.get(random.nextInt(SENIOR_LINES.size()))
                : mobile("139", random.nextInt(100_000_000));
        p = random.nextDouble();
        String caller;
        String extra = "";
        if (p < 0.70) {
            caller = nationalMobile();
        } else if (p < 0.76) {
            caller = FRAUDSTERS.get(random.nextInt(FRAUDSTERS.size()));
        } else if (p < 0.78) {
            caller = mobile("18611", random.nextInt(1_000_000));
        } else if (p < 0.84) {
            // A redialling campaign: one number calling many distinct callees.
            caller = "+8613300000099";
            called = mobile("135", campaignCallee++ % 1_000_000);
        } else if (p < 0.87) {
            caller = null;
            extra = ",\"presentation\":\"RESTRICTED\"";
        } else if (p < 0.90) {
            caller = "+1415555" + String.format("%04d", random.nextInt(10_000));
            extra = ",\"origin\":\"INTERNATIONAL\"";
        } else if (p < 0.95) {
            caller = mobile("170", random.nextInt(100_000_000));
        } else if (p < 0.97) {
            caller = FAMILY.get(random.nextInt(FAMILY.size()));
        } else if (p < 0.98) {
            // Caller-ID spoofing: an official short code or a home mobile presented on an international trunk.
            caller = random.nextBoolean() ? "96110" : nationalMobile();
            extra = ",\"origin\":\"INTERNATIONAL\"";
        } else {
            caller = "0" + (10 + random.nextInt(90)) + String.format("%08d", random.nextInt(100_000_000));
        }
        StringBuilder json =
                new StringBuilder(200).append("{\"callId\":\"").append(callId).append('"');
        if (caller != null) {
            json.append(",\"callingNumber\":\"").append(caller).append('"');
        }
        json.append(",\"calledNumber\":\"")
                .append(called)
                .append("\",\"setupTime\":")
                .append(setupTime)
                .append(extra)
                .append('}');
        return new Event(caller, json.toString(), false);
    }

    private String nationalMobile() {
        String[] ranges = {"138", "137", "136", "150", "188", "158"};
        String range = ranges[random.nextInt(ranges.length)];
        return range + String.format("%08d", random.nextInt(100_000_000));
    }

    private static String mobile(String range, int suffix) {
        String digits = range + String.format("%0" + (11 - range.length()) + "d", suffix);
        return "+86" + digits;
    }
}
