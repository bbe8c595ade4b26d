package io.callguard.console;

import java.util.List;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.readmodel.DecisionRow;
import io.callguard.readmodel.DisputeQueries;
import io.callguard.readmodel.HistoryEntry;
import io.callguard.readmodel.ReportQueueQueries;
import io.callguard.reports.Clearance;
import io.callguard.roaming.RoamingEntry;

/**
 * Everything support needs about one number on one screen: the list entry that decides for it now (its own, or the
 * prefix it falls under), that entry's history, its reports and clearance, its disputes, whether it is abroad, and
 * its recent BLOCK/WARN decisions.
 *
 * @param readModel whether the people's read model answered (history, reports, disputes and decisions need it)
 */
public record NumberProfile(
        String number,
        BlocklistEntry entry,
        List<HistoryEntry> history,
        ReportQueueQueries.ReportedNumber reports,
        Clearance clearance,
        List<DisputeQueries.DisputeRow> disputes,
        RoamingEntry roaming,
        List<DecisionRow> recentDecisions,
        boolean readModel) {}
