package io.callguard.screening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;

/**
 * Reads a CallSetup from JSON bytes. The shape switches send — one flat object of ASCII strings without escapes,
 * integers and nulls — is read straight from the bytes ({@link #scan}); anything else (escapes, nested or boolean
 * values, a duplicate field, a bad value) is read again by a streaming parser, which judges it, so both paths accept
 * and refuse exactly the same events. The parser reads the whole object even after a bad field, so an event with a
 * usable callId can still be answered. Unknown fields are ignored.
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
        checkSize(value);
        Fields scanned = new Fields();
        if (scan(value, scanned)) {
            return scanned.toCallSetup(maxCallIdLength);
        }
        return parse(value);
    }

    /** Whether the byte scan reads {@code value} by itself (without the parser). */
    static boolean scans(byte[] value) {
        return scan(value, new Fields());
    }

    /** The streaming parser's reading alone (the judge of everything the byte scan leaves to it). */
    CallSetup decodeWithParser(byte[] value) throws InvalidEventException {
        checkSize(value);
        return parse(value);
    }

    private void checkSize(byte[] value) throws InvalidEventException {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(InvalidEventKind.EMPTY, "empty record value", null);
        }
        if (value.length > maxEventBytes) {
            throw new InvalidEventException(
                    InvalidEventKind.TOO_LARGE, value.length + " bytes, limit " + maxEventBytes, null);
        }
    }

    private CallSetup parse(byte[] value) throws InvalidEventException {
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

    private static final byte[][] FIELD_NAMES = {
        ascii("callId"),
        ascii("callingNumber"),
        ascii("calledNumber"),
        ascii("setupTime"),
        ascii("presentation"),
        ascii("origin"),
        ascii("attestation")
    };
    private static final int CALL_ID = 0;
    private static final int CALLING = 1;
    private static final int CALLED = 2;
    private static final int SETUP_TIME = 3;
    private static final int PRESENTATION = 4;
    private static final int ORIGIN = 5;
    private static final int ATTESTATION = 6;
    private static final byte[] NULL = ascii("null");

    /**
     * Reads the flat shape straight from the bytes into {@code f}; false at anything outside it (the parser then reads
     * the event again from the start).
     */
    private static boolean scan(byte[] b, Fields f) {
        int i = skipSpace(b, 0);
        if (i >= b.length || b[i] != '{') {
            return false;
        }
        i = skipSpace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            return skipSpace(b, i + 1) == b.length;
        }
        int seen = 0;
        while (true) {
            if (i >= b.length || b[i] != '"') {
                return false;
            }
            int nameEnd = stringEnd(b, i + 1);
            if (nameEnd < 0) {
                return false;
            }
            int field = fieldOf(b, i + 1, nameEnd);
            if (field >= 0) {
                if ((seen & (1 << field)) != 0) {
                    return false; // a field twice: the parser's rules decide
                }
                seen |= 1 << field;
            }
            i = skipSpace(b, nameEnd + 1);
            if (i >= b.length || b[i] != ':') {
                return false;
            }
            i = skipSpace(b, i + 1);
            if (i >= b.length) {
                return false;
            }
            byte c = b[i];
            if (c == '"') {
                int end = stringEnd(b, i + 1);
                if (end < 0 || !string(f, field, b, i + 1, end)) {
                    return false;
                }
                i = end + 1;
            } else if (c >= '1' && c <= '9') {
                int j = i;
                long v = 0;
                while (j < b.length && b[j] >= '0' && b[j] <= '9') {
                    if (j - i >= 18) {
                        return false;
                    }
                    v = v * 10 + (b[j] - '0');
                    j++;
                }
                if (field != SETUP_TIME && field >= 0) {
                    return false;
                }
                if (field == SETUP_TIME) {
                    f.setupTime = v;
                    f.hasSetupTime = true;
                }
                i = j;
            } else if (startsWith(b, i, NULL) && field != CALL_ID) {
                i += NULL.length; // a null optional field, or an unknown one: nothing to keep
            } else {
                return false;
            }
            if (i < b.length && isIdentifierByte(b[i])) {
                return false; // 12ab, nullx: not a value the scan knows
            }
            i = skipSpace(b, i);
            if (i < b.length && b[i] == ',') {
                i = skipSpace(b, i + 1);
            } else if (i < b.length && b[i] == '}') {
                return skipSpace(b, i + 1) == b.length;
            } else {
                return false;
            }
        }
    }

    /** Keeps a string value; false where the field takes no string or the value is not one of its constants. */
    private static boolean string(Fields f, int field, byte[] b, int from, int to) {
        switch (field) {
            case CALL_ID -> f.callId = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            case CALLING -> f.callingNumber = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            case CALLED -> f.calledNumber = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            case PRESENTATION -> {
                return (f.presentation = constant(Presentation.values(), b, from, to)) != null;
            }
            case ORIGIN -> {
                return (f.origin = constant(Origin.values(), b, from, to)) != null;
            }
            case ATTESTATION -> {
                return (f.attestation = constant(Attestation.values(), b, from, to)) != null;
            }
            case SETUP_TIME -> {
                return false;
            }
            default -> {
                // an unknown field's string: nothing to keep
            }
        }
        return true;
    }

    private static <E extends Enum<E>> E constant(E[] constants, byte[] b, int from, int to) {
        for (E e : constants) {
            String name = e.name();
            if (name.length() == to - from) {
                int k = 0;
                while (k < name.length() && name.charAt(k) == b[from + k]) {
                    k++;
                }
                if (k == name.length()) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The index of the closing quote of a string starting at {@code from}, or -1 if it holds escapes or non-ASCII. */
    private static int stringEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) { // also every byte >= 0x80 (negative)
                return -1;
            }
        }
        return -1;
    }

    private static int fieldOf(byte[] b, int from, int to) {
        for (int f = 0; f < FIELD_NAMES.length; f++) {
            byte[] name = FIELD_NAMES[f];
            if (name.length == to - from && startsWith(b, from, name)) {
                return f;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierByte(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
