package io.callguard.ops;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.smallrye.config.WithDefault;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.callguard.config.CallguardConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests agree with the service: ports, probes, configuration keys, topics and ACLs. */
class ManifestContractTest {

    static List<Map<String, Object>> docs = new ArrayList<>();
    static Properties app = new Properties();

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("k8s/base"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = (Map<String, Object>) doc;
                        m.put("__file", f.toString());
                        docs.add(m);
                    }
                }
            }
        }
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
    }

    @Test
    void kustomizations_listOnlyFilesThatExist() throws IOException {
        for (Path k : List.of(Path.of("k8s/base/kustomization.yaml"))) {
            Map<String, Object> doc = new Yaml().load(Files.readString(k));
            for (Object r : (List<?>) doc.get("resources")) {
                assertThat(k.getParent().resolve(r.toString())).exists();
            }
        }
        for (String overlay : List.of("dev", "prod")) {
            Map<String, Object> doc =
                    new Yaml().load(Files.readString(Path.of("k8s/overlays", overlay, "kustomization.yaml")));
            assertThat(doc.get("resources")).isEqualTo(List.of("../../base"));
        }
    }

    @Test
    void deployment_portAndProbes_matchTheService() {
        Map<String, Object> container = container();
        Map<String, Object> port = list(container, "ports").get(0);
        assertThat(port.get("containerPort")).isEqualTo(Integer.parseInt(app.getProperty("quarkus.http.port")));
        assertThat(port.get("name")).isEqualTo("http");
        Map<String, Object> management = list(container, "ports").get(1);
        assertThat(management.get("containerPort"))
                .isEqualTo(Integer.parseInt(app.getProperty("quarkus.management.port")));
        assertThat(management.get("name")).isEqualTo("management");
        assertThat(app.getProperty("quarkus.management.enabled")).isEqualTo("true");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(path(container, probe, "httpGet", "port")).isEqualTo("management");
        }
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        Map<String, Object> service = kind("Service").get(0);
        assertThat(list(map(service, "spec"), "ports").get(0).get("targetPort")).isEqualTo("http");
        assertThat(list(map(service, "spec"), "ports").get(1).get("targetPort")).isEqualTo("management");
        Map<String, Object> monitor = kind("ServiceMonitor").get(0);
        Map<String, Object> endpoint = list(map(monitor, "spec"), "endpoints").get(0);
        assertThat(endpoint.get("port")).isEqualTo("management");
        assertThat(endpoint.get("path")).isEqualTo(app.getProperty("quarkus.micrometer.export.prometheus.path"));
        assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        int grace =
                (Integer) path(kind("Deployment").get(0), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(grace)
                .isGreaterThan(Integer.parseInt(
                        app.getProperty("quarkus.shutdown.timeout").replace("s", "")));
    }

    @Test
    void readModelDatabase_isAThreeInstanceCluster_whoseSecretTheDeploymentReads_andMayBeReached() {
        Map<String, Object> cluster = kind("Cluster").get(0);
        assertThat(path(cluster, "spec", "instances")).isEqualTo(3);
        String secret = path(cluster, "metadata", "name") + "-app";
        Map<String, String> fromSecret = new HashMap<>();
        for (Map<String, Object> env : list(container(), "env")) {
            Object ref = path(env, "valueFrom", "secretKeyRef", "name");
            if (secret.equals(ref)) {
                fromSecret.put(
                        env.get("name").toString(),
                        path(env, "valueFrom", "secretKeyRef", "key").toString());
            }
        }
        assertThat(fromSecret)
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc-uri")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "username")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "password");
        List<Map<String, Object>> egress = list(map(kind("NetworkPolicy").get(0), "spec"), "egress");
        boolean reachable = egress.stream()
                .anyMatch(rule -> path(cluster, "metadata", "name")
                                .equals(path(list(rule, "to").get(0), "podSelector", "matchLabels", "cnpg.io/cluster"))
                        && Integer.valueOf(5432)
                                .equals(list(rule, "ports").get(0).get("port")));
        assertThat(reachable).as("egress to the database's pods on 5432").isTrue();
    }

    @Test
    void networkPolicy_letsOnlyMonitoringReachTheManagementPort() {
        List<Map<String, Object>> ingress = list(map(kind("NetworkPolicy").get(0), "spec"), "ingress");
        for (Map<String, Object> rule : ingress) {
            List<Object> ports =
                    list(rule, "ports").stream().map(p -> p.get("port")).toList();
            List<Object> from = list(rule, "from").stream()
                    .map(f -> path(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
                    .toList();
            if (ports.contains("management")) {
                assertThat(from).containsExactly("monitoring");
            } else {
                assertThat(from).doesNotContain("monitoring");
            }
        }
    }

    @Test
    void everyEnvironmentVariable_mapsToRealConfiguration() {
        Set<String> known = new HashSet<>();
        configKeys(CallguardConfig.class, "callguard", known);
        Set<String> knownEnv = known.stream().map(ManifestContractTest::envName).collect(Collectors.toSet());
        Set<String> kafka = new HashSet<>();
        ConsumerConfig.configNames().forEach(n -> kafka.add(envName("kafka." + n)));
        ProducerConfig.configNames().forEach(n -> kafka.add(envName("kafka." + n)));
        Set<String> other = Set.of(
                "MP_JWT_VERIFY_ISSUER",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                "JAVA_OPTS_APPEND",
                "POD_NAME",
                "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD");

        List<String> names = new ArrayList<>();
        names.addAll(((Map<String, Object>) map(kind("ConfigMap").get(0), "data")).keySet());
        list(container(), "env").forEach(e -> names.add(e.get("name").toString()));
        assertThat(names).isNotEmpty();
        for (String name : names) {
            assertThat(knownEnv.contains(name) || kafka.contains(name) || other.contains(name))
                    .as(name + " maps to a configuration key")
                    .isTrue();
        }
    }

    @Test
    void kafkaTopics_areExactlyTheServiceDefaults_withDurableSettings() throws Exception {
        Map<String, String> defaults = topicDefaults();
        Map<String, Map<String, Object>> topics = new HashMap<>();
        kind("KafkaTopic")
                .forEach(t -> topics.put(map(t, "metadata").get("name").toString(), t));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(defaults.values());
        for (Map<String, Object> t : topics.values()) {
            Map<String, Object> spec = map(t, "spec");
            assertThat(spec.get("replicas")).isEqualTo(3);
            assertThat(map(spec, "config").get("min.insync.replicas")).isEqualTo(2);
        }
        for (String state : List.of(
                defaults.get("fraudBlocklist"),
                defaults.get("protectedLines"),
                defaults.get("blocklistApprovals"),
                defaults.get("roamingSubscribers"),
                defaults.get("disputes"),
                defaults.get("reportClearances"))) {
            assertThat(map(map(topics.get(state), "spec"), "config").get("cleanup.policy"))
                    .isEqualTo("compact");
        }
        assertThat(map(map(topics.get(defaults.get("blocklistAudit")), "spec"), "config"))
                .containsKey("retention.ms");
        assertThat(map(map(topics.get(defaults.get("protectedLinesAudit")), "spec"), "config"))
                .containsKey("retention.ms");
        assertThat(map(map(topics.get(defaults.get("callSetupDlq")), "spec"), "config"))
                .containsKey("retention.ms");
        assertThat(map(map(topics.get(defaults.get("fraudReportsDlq")), "spec"), "config"))
                .containsKey("retention.ms");
        // The labeller rebuilds scores from the reports it still has: the retention is the score horizon.
        String horizon = CallguardConfig.Reports.class
                .getMethod("horizon")
                .getAnnotation(WithDefault.class)
                .value();
        assertThat(map(map(topics.get(defaults.get("fraudReports")), "spec"), "config")
                        .get("retention.ms"))
                .isEqualTo(java.time.Duration.ofDays(Long.parseLong(horizon.replace("d", "")))
                        .toMillis());
    }

    @Test
    void kafkaUserAcls_coverExactlyWhatTheServiceUses() throws Exception {
        Map<String, String> t = topicDefaults();
        Map<String, Set<String>> expected = new HashMap<>();
        expected.put("topic:" + t.get("callSetup"), Set.of("Read", "Describe"));
        expected.put("topic:" + t.get("roamingSubscribers"), Set.of("Read", "Describe"));
        for (String state : List.of(
                t.get("fraudBlocklist"),
                t.get("protectedLines"),
                t.get("blocklistAudit"),
                t.get("blocklistApprovals"),
                t.get("protectedLinesAudit"),
                t.get("fraudReports"),
                t.get("disputes"),
                t.get("reportClearances"))) {
            expected.put("topic:" + state, Set.of("Read", "Describe", "Write"));
        }
        for (String out : List.of(
                t.get("callDecisions"),
                t.get("familyNotifications"),
                t.get("callSetupDlq"),
                t.get("fraudReportsDlq"))) {
            expected.put("topic:" + out, Set.of("Write", "Describe"));
        }
        String group = CallguardConfig.Pipeline.class
                .getMethod("groupId")
                .getAnnotation(WithDefault.class)
                .value();
        expected.put("group:" + group, Set.of("Read", "Describe"));
        String projectorGroup = CallguardConfig.ReadModel.class
                .getMethod("groupId")
                .getAnnotation(WithDefault.class)
                .value();
        expected.put("group:" + projectorGroup, Set.of("Read", "Describe"));
        String labellerGroup = CallguardConfig.Reports.class
                .getMethod("groupId")
                .getAnnotation(WithDefault.class)
                .value();
        expected.put("group:" + labellerGroup, Set.of("Read", "Describe"));
        // Every consumer group the code joins has an ACL: the screening loop, the projector and the labeller.
        assertThat(filesSettingAGroupId())
                .containsExactlyInAnyOrder(
                        "src/main/java/io/callguard/pipeline/ScreeningPipeline.java",
                        "src/main/java/io/callguard/readmodel/ReadModel.java",
                        "src/main/java/io/callguard/reports/CommunityLabels.java");
        expected.put("transactionalId:callguard-", Set.of("Write", "Describe"));
        expected.put("cluster:null", Set.of("IdempotentWrite"));

        Map<String, Set<String>> actual = new HashMap<>();
        for (Map<String, Object> acl : list(map(map(kind("KafkaUser").get(0), "spec"), "authorization"), "acls")) {
            Map<String, Object> r = map(acl, "resource");
            actual.put(r.get("type") + ":" + r.get("name"), new HashSet<>((List<String>) acl.get("operations")));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void prometheusRule_equalsThePlainRulesFile() throws IOException {
        Map<String, Object> plain = new Yaml().load(Files.readString(Path.of("deploy/prometheus/callguard-rules.yml")));
        Map<String, Object> crd = kind("PrometheusRule").get(0);
        assertThat(map(crd, "spec")).isEqualTo(plain);
    }

    static List<String> filesSettingAGroupId() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> found = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains("put(ConsumerConfig.GROUP_ID_CONFIG")) {
                    found.add(f.toString());
                }
            }
            return found;
        }
    }

    static Map<String, String> topicDefaults() throws Exception {
        Map<String, String> names = new HashMap<>();
        for (Method m : CallguardConfig.Topics.class.getMethods()) {
            WithDefault d = m.getAnnotation(WithDefault.class);
            if (d != null && m.getReturnType() == String.class) {
                names.put(m.getName(), d.value());
            }
        }
        return names;
    }

    static void configKeys(Class<?> type, String prefix, Set<String> into) {
        for (Method m : type.getMethods()) {
            String key = prefix + "." + kebab(m.getName());
            if (m.getReturnType().isInterface() && m.getReturnType().getName().startsWith("io.callguard")) {
                configKeys(m.getReturnType(), key, into);
            } else {
                into.add(key);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static Map<String, Object> container() {
        return list(map(map(map(kind("Deployment").get(0), "spec"), "template"), "spec"), "containers")
                .get(0);
    }

    static List<Map<String, Object>> kind(String kind) {
        List<Map<String, Object>> found =
                docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("a " + kind + " in k8s/base").isNotEmpty();
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    /** The value at {@code keys} below {@code m}, or {@code null} where the path ends early. */
    static Object path(Map<String, Object> m, String... keys) {
        Object cur = m;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = map.get(k);
        }
        return cur;
    }
}
