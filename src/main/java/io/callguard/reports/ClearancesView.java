package io.callguard.reports;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.KeyedJsonView;

/** The clearances of this replica, materialised from {@code report-clearances} (key = number). */
public final class ClearancesView extends KeyedJsonView<Clearance> {

    public ClearancesView(ObjectMapper mapper) {
        super(mapper, Clearance.class, Clearance::number, "clearance");
    }
}
