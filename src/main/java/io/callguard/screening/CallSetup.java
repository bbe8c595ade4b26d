package io.callguard.screening;

/**
 * One call attempt as the switch reported it, before normalisation. Numbers are kept as dialled or presented.
 *
 * @param callingNumber the presented caller, {@code null} when absent or {@code "anonymous"}
 * @param origin the ingress trunk, {@code null} when the switch did not say
 * @param attestation STIR/SHAKEN level, {@code null} when absent
 */
public record CallSetup(
        String callId,
        String callingNumber,
        String calledNumber,
        long setupTime,
        Presentation presentation,
        Origin origin,
        Attestation attestation) {

    public static final String ANONYMOUS = "anonymous";

    public CallSetup {
        presentation = presentation == null ? Presentation.ALLOWED : presentation;
        if (callingNumber != null && ANONYMOUS.equalsIgnoreCase(callingNumber)) {
            callingNumber = null;
        }
    }
}
