package io.callguard.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.callguard.notify.Notification;
import io.callguard.screening.Decision;

/** Writes decisions and notifications as JSON with a streaming generator and a reused buffer. One per thread. */
public final class JsonEncoder {

    private final JsonFactory factory;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    public JsonEncoder(JsonFactory factory) {
        this.factory = factory;
    }

    public byte[] encode(Decision d) {
        buffer.reset();
        try (JsonGenerator g = factory.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("callId", d.callId());
            g.writeStringField("decision", d.decision().name());
            g.writeArrayFieldStart("reasons");
            List<?> reasons = d.reasons();
            for (int i = 0; i < reasons.size(); i++) {
                g.writeString(reasons.get(i).toString());
            }
            g.writeEndArray();
            g.writeStringField("callingNumber", d.callingNumber());
            g.writeStringField("calledNumber", d.calledNumber());
            g.writeBooleanField("protectedLine", d.protectedLine());
            if (d.setupTime() == null) {
                g.writeNullField("setupTime");
            } else {
                g.writeNumberField("setupTime", d.setupTime());
            }
            g.writeNumberField("decidedAt", d.decidedAt());
            if (d.stale()) {
                g.writeBooleanField("stale", true);
            }
            if (d.presentedNumber() != null) {
                g.writeStringField("presentedNumber", d.presentedNumber());
            }
            if (d.matchedEntry() != null) {
                g.writeObjectFieldStart("matchedEntry");
                g.writeStringField("key", d.matchedEntry().key());
                g.writeStringField("source", d.matchedEntry().source());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode decision " + d.callId(), e);
        }
        return buffer.toByteArray();
    }

    public byte[] encode(Notification n) {
        buffer.reset();
        try (JsonGenerator g = factory.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("notificationId", n.notificationId());
            g.writeStringField("protectedLine", n.protectedLine());
            g.writeArrayFieldStart("recipients");
            for (String r : n.recipients()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeStringField("callingNumber", n.callingNumber());
            g.writeStringField("callId", n.callId());
            g.writeStringField("decision", n.decision().name());
            g.writeStringField("reason", n.reason().name());
            g.writeNumberField("occurredAt", n.occurredAt());
            g.writeNumberField("suppressedRepeats", n.suppressedRepeats());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode notification " + n.notificationId(), e);
        }
        return buffer.toByteArray();
    }
}
