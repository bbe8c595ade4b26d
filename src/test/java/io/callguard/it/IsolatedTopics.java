package io.callguard.it;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Topic names and a consumer group of their own, so process tests never see each other's records. */
record IsolatedTopics(String prefix) {

    static IsolatedTopics fresh(String label) {
        return new IsolatedTopics(label + "-" + UUID.randomUUID().toString().substring(0, 6) + "-");
    }

    String callSetup() {
        return prefix + "call-setup";
    }

    String decisions() {
        return prefix + "call-decisions";
    }

    String notifications() {
        return prefix + "family-notifications";
    }

    String dlq() {
        return prefix + "call-setup-dlq";
    }

    String blocklist() {
        return prefix + "fraud-blocklist";
    }

    String lines() {
        return prefix + "protected-lines";
    }

    String roaming() {
        return prefix + "roaming-subscribers";
    }

    String approvals() {
        return prefix + "blocklist-approvals";
    }

    String disputes() {
        return prefix + "disputes";
    }

    String clearances() {
        return prefix + "report-clearances";
    }

    /** The service settings pointing at these topics on {@code bootstrap}. */
    Map<String, String> settings(String bootstrap, boolean autoCreate) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", bootstrap);
        s.put("callguard.topics.auto-create", Boolean.toString(autoCreate));
        s.put("callguard.topics.call-setup", callSetup());
        s.put("callguard.topics.call-decisions", decisions());
        s.put("callguard.topics.family-notifications", notifications());
        s.put("callguard.topics.call-setup-dlq", dlq());
        s.put("callguard.topics.fraud-blocklist", blocklist());
        s.put("callguard.topics.protected-lines", lines());
        s.put("callguard.topics.blocklist-audit", prefix + "blocklist-audit");
        s.put("callguard.topics.blocklist-approvals", approvals());
        s.put("callguard.topics.roaming-subscribers", roaming());
        s.put("callguard.topics.protected-lines-audit", prefix + "protected-lines-audit");
        s.put("callguard.topics.fraud-reports", prefix + "fraud-reports");
        s.put("callguard.topics.fraud-reports-dlq", prefix + "fraud-reports-dlq");
        s.put("callguard.topics.disputes", disputes());
        s.put("callguard.topics.report-clearances", clearances());
        s.put("callguard.reports.group-id", prefix + "labeller");
        s.put("callguard.disputes.transactional-id", prefix + "disputes");
        s.put("callguard.pipeline.group-id", prefix + "screening");
        s.put("callguard.pipeline.transactional-id-prefix", prefix + "tx");
        return s;
    }
}
