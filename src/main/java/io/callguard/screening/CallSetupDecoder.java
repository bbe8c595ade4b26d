package io.callguard.screening;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;

/**
 * Reads a CallSetup from JSON bytes with a streaming parser: no tree, no reflection. Reads the whole object even after
 * a bad field, so an event with a usable callId can still be answered. Unknown fields are ignored.
 */
public final class CallSetupDecoder {

    private final JsonFactory factory;
    private final int maxEventBytes;
    private final int maxCallIdLength;

    public CallSetupDecoder(JsonFactory factory, int maxEventBytes, int maxCallIdLength) {
        this.factory = factory;
        this.maxEventBytes = maxEventBytes;
        this.maxCallIdLength = maxCallIdLength;
    }

    public CallSetup decode(byte[] value) throws InvalidEventException {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(InvalidEventKind.EMPTY, "empty record value", null);
        }
        if (value.length > maxEventBytes) {
            throw new InvalidEventException(
                    InvalidEventKind.TOO_LARGE, value.length + " bytes, limit " + maxEventBytes, null);
        }
        Fields f = new Fields();
        try (JsonParser p = factory.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidEventException(InvalidEventKind.NOT_AN_OBJECT, "expected a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                readField(f, name, token, p);
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException(InvalidEventKind.NOT_JSON, "trailing content after the object", null);
            }
        } catch (InvalidEventException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidEventException(InvalidEventKind.NOT_JSON, firstLine(e.getMessage()), null);
        }
        return f.toCallSetup(maxCallIdLength);
    }

    private static void readField(Fields f, String name, JsonToken token, JsonParser p) throws IOException {
        switch (name) {
            case "callId" -> {
                if (token == JsonToken.VALUE_STRING) {
                    f.callId = p.getText();
                } else {
                    f.callIdProblem = "callId must be a string, got " + token;
                }
            }
            case "callingNumber" -> {
                if (token == JsonToken.VALUE_STRING) {
                    f.callingNumber = p.getText();
                } else if (token != JsonToken.VALUE_NULL) {
                    f.fail(InvalidEventKind.WRONG_TYPE, "callingNumber must be a string, got " + token);
                }
            }
            case "calledNumber" -> {
                if (token == JsonToken.VALUE_STRING) {
                    f.calledNumber = p.getText();
                } else if (token != JsonToken.VALUE_NULL) {
                    f.fail(InvalidEventKind.WRONG_TYPE, "calledNumber must be a string, got " + token);
                }
            }
            case "setupTime" -> {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    try {
                        f.setupTime = p.getLongValue();
                        f.hasSetupTime = true;
                        if (f.setupTime <= 0) {
                            f.fail(InvalidEventKind.INVALID_VALUE, "setupTime must be positive epoch millis");
                        }
                    } catch (InputCoercionException e) {
                        f.fail(InvalidEventKind.INVALID_VALUE, "setupTime out of range");
                    }
                } else if (token != JsonToken.VALUE_NULL) {
                    f.fail(InvalidEventKind.WRONG_TYPE, "setupTime must be an integer (epoch ms), got " + token);
                }
            }
            case "presentation" -> f.presentation = enumField(f, "presentation", token, p, Presentation.class);
            case "origin" -> f.origin = enumField(f, "origin", token, p, Origin.class);
            case "attestation" -> f.attestation = enumField(f, "attestation", token, p, Attestation.class);
            default -> p.skipChildren();
        }
    }

    private static <E extends Enum<E>> E enumField(Fields f, String field, JsonToken token, JsonParser p, Class<E> type)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            f.fail(InvalidEventKind.WRONG_TYPE, field + " must be a string, got " + token);
            return null;
        }
        String text = p.getText();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        f.fail(
                InvalidEventKind.INVALID_VALUE,
                field + " '" + abbreviate(text) + "' is not one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int nl = message.indexOf('\n');
        return abbreviate(nl < 0 ? message : message.substring(0, nl));
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** The fields read so far, and the first problem met. */
    private static final class Fields {
        String callId;
        String callIdProblem;
        String callingNumber;
        String calledNumber;
        long setupTime;
        boolean hasSetupTime;
        Presentation presentation;
        Origin origin;
        Attestation attestation;
        InvalidEventKind problem;
        String problemMessage;

        void fail(InvalidEventKind kind, String message) {
            if (problem == null) {
                problem = kind;
                problemMessage = message;
            }
        }

        CallSetup toCallSetup(int maxCallIdLength) throws InvalidEventException {
            if (callIdProblem != null) {
                throw new InvalidEventException(InvalidEventKind.INVALID_CALL_ID, callIdProblem, null);
            }
            if (callId == null) {
                throw new InvalidEventException(InvalidEventKind.MISSING_CALL_ID, "callId is required", null);
            }
            if (callId.isBlank() || callId.length() > maxCallIdLength) {
                throw new InvalidEventException(
                        InvalidEventKind.INVALID_CALL_ID,
                        "callId must be 1 to " + maxCallIdLength + " characters, got " + callId.length(),
                        null);
            }
            if (problem != null) {
                throw new InvalidEventException(problem, problemMessage, callId);
            }
            if (calledNumber == null) {
                throw new InvalidEventException(InvalidEventKind.MISSING_FIELD, "calledNumber is required", callId);
            }
            if (!hasSetupTime) {
                throw new InvalidEventException(InvalidEventKind.MISSING_FIELD, "setupTime is required", callId);
            }
            return new CallSetup(callId, callingNumber, calledNumber, setupTime, presentation, origin, attestation);
        }
    }
}
