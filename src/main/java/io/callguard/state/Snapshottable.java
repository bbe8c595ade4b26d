package io.callguard.state;

import java.io.IOException;

/** A view that can be saved to a snapshot file and loaded from one instead of reading its whole topic. */
public interface Snapshottable {

    /** Writes the whole view. Called by the view's own reader thread, so nothing changes it meanwhile. */
    void writeSnapshot(SnapshotOutput out) throws IOException;

    /** Loads a snapshot into the (empty) view. */
    void readSnapshot(SnapshotInput in) throws IOException;

    /** Empties the view, after a snapshot that could not be loaded to its end. */
    void clear();
}
