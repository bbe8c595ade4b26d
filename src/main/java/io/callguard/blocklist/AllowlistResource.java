package io.callguard.blocklist;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Exceptions that must never be blocked, such as a bank's official line inside a blocked range. */
@Path("/api/v1/allowlist")
@Tag(name = "allowlist")
public class AllowlistResource extends EntryListResource {

    @Override
    protected EntryAction action() {
        return EntryAction.ALLOW;
    }
}
