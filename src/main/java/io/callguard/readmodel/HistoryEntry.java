package io.callguard.readmodel;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** One change of a list entry or a protected line: who, when, what (before and after), why. */
public record HistoryEntry(
        String key, String change, String actor, Instant at, String why, JsonNode before, JsonNode after) {}
