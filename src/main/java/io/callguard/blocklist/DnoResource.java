package io.callguard.blocklist;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Do-Not-Originate list: numbers, prefixes and short codes ({@code 95588}) that never place calls, so a call
 * presenting one is blocked whatever else it matches (rule I.a). DNO prefixes need a second fraud analyst.
 */
@Path("/api/v1/dno")
@Tag(name = "dno")
public class DnoResource extends EntryListResource {

    @Override
    protected EntryAction action() {
        return EntryAction.DNO;
    }
}
