package io.callguard.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.Events;
import io.callguard.testing.KafkaTestClient;
import io.callguard.testing.Tokens;

import static io.restassured.RestAssured.given;

/** Sends reports the way the SMS gateway does (straight to the topic) and waits for the labeller. */
final class Reports {

    static final String TOPIC = "fraud-reports";

    private Reports() {}

    static ObjectNode report(String reported, String reporter, String channel, Instant at) {
        ObjectNode n = Events.JSON.createObjectNode();
        n.put("reportId", "r-" + UUID.randomUUID());
        n.put("reportedNumber", reported);
        n.put("reporterNumber", reporter);
        n.put("channel", channel);
        n.put("category", "IMPERSONATION");
        n.put("reportedAt", at.toString());
        return n;
    }

    /** Sends keyed by the reported number, as every producer of the topic must. */
    static RecordMetadata send(KafkaTestClient kafka, ObjectNode report) {
        return kafka.send(TOPIC, report.get("reportedNumber").asText(), report.toString());
    }

    /** The partition the default partitioner gives {@code number} on the 4-partition test topic. */
    static int partitionOf(String number) {
        return Utils.toPositive(Utils.murmur2(number.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 4;
    }

    /** A fresh number whose reports land in the same partition (the same labeller) as {@code number}'s. */
    static String freshNumberBeside(String number) {
        while (true) {
            String n = Events.freshMobile();
            if (partitionOf(n) == partitionOf(number)) {
                return n;
            }
        }
    }

    /** Reports from {@code n} fresh reporters; returns the last record's position. */
    static RecordMetadata fromDistinctReporters(KafkaTestClient kafka, String reported, int n, Instant at) {
        RecordMetadata last = null;
        for (int i = 0; i < n; i++) {
            last = send(kafka, report(reported, Events.freshMobile(), "IVR", at));
        }
        return last;
    }

    /** Waits until the labeller has committed past {@code last}: every effect of it is visible then. */
    static void awaitProcessed(RecordMetadata last) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.sharedBootstrapServers());
        TopicPartition tp = new TopicPartition(last.topic(), last.partition());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("callguard-labeller")
                        .partitionsToOffsetAndMetadata()
                        .get();
                OffsetAndMetadata o = offsets.get(tp);
                if (o != null && o.offset() > last.offset()) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("labeller did not process " + tp + "@" + last.offset() + " within 30 s");
    }

    /** The blocklist entry of {@code number} once it is a community label (fails after 30 s). */
    static Response awaitLabel(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = given().auth().oauth2(Tokens.viewer()).get("/api/v1/blocklist/numbers/" + number);
            if (r.statusCode() == 200 && "COMMUNITY".equals(r.jsonPath().getString("source"))) {
                return r;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no community label on " + number + " within 30 s");
    }

    static int entryStatus(String number) {
        return given().auth()
                .oauth2(Tokens.viewer())
                .get("/api/v1/blocklist/numbers/" + number)
                .statusCode();
    }

    /** The value of a counter in /q/metrics (0 if absent). */
    static double metric(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
