package io.callguard.blocklist;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code PUT /api/v1/blocklist/…} and {@code /allowlist/…}. Unknown fields are refused: a misspelt
 * {@code expiresAt} must not silently create a permanent block.
 *
 * @param expiresAt when the entry stops existing; or give {@code ttl} instead (not both)
 * @param ttl ISO-8601 duration from now, e.g. {@code PT72H}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record EntryRequest(FraudCategory category, String reason, String source, Instant expiresAt, Duration ttl) {}
