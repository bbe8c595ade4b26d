package io.callguard.ops;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callguard.blocklist.BlocklistState;
import io.callguard.disputes.DisputesState;
import io.callguard.lines.LinesState;
import io.callguard.reports.ReportsState;
import io.callguard.roaming.RoamingState;
import io.callguard.state.StateTopicReader;

/** Every state-topic reader of this replica, for start-up order and health. */
@ApplicationScoped
public class StateReaders {

    private final List<StateTopicReader> readers;

    @Inject
    public StateReaders(
            BlocklistState blocklist,
            LinesState lines,
            RoamingState roaming,
            ReportsState reports,
            DisputesState disputes) {
        this.readers = List.of(
                blocklist.reader(),
                blocklist.approvalsReader(),
                lines.reader(),
                roaming.reader(),
                reports.clearancesReader(),
                disputes.reader());
    }

    public List<StateTopicReader> all() {
        return readers;
    }

    /** Every view has reached the end offsets seen at start, and no reader has failed. */
    public boolean caughtUp() {
        return readers.stream().allMatch(StateTopicReader::isCaughtUp);
    }

    /** The first reader that stopped for good, or {@code null}. */
    public StateTopicReader failed() {
        return readers.stream().filter(r -> r.failure() != null).findFirst().orElse(null);
    }
}
