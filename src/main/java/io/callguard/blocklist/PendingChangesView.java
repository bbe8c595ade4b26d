package io.callguard.blocklist;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.KeyedJsonView;

/** The changes that wait for a second approver, materialised from {@code blocklist-approvals}. */
public final class PendingChangesView extends KeyedJsonView<PendingChange> {

    public PendingChangesView(ObjectMapper mapper) {
        super(mapper, PendingChange.class, PendingChange::key, "pending-change");
    }

    public PendingChange byId(String approvalId) {
        for (PendingChange p : all()) {
            if (p.approvalId().equals(approvalId)) {
                return p;
            }
        }
        return null;
    }
}
