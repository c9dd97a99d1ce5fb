// The Prometheus server's config and alert rules: every broker's exporter scraped, each alert on a series the
// exporter rules keep (the toolchain test runs promtool on the same text).
import { KAFKA_ALERTS, kafkaAlertRules, prometheusConfig, scrapeTargets } from "../../components/prometheusConfig";

test("one job scraping each broker's exporter on the network, the cluster as an external label, the alert rules file", () => {
  expect(JSON.parse(prometheusConfig(["kafka-broker-1", "kafka-broker-2"], "cdc-kafka-dev"))).toEqual({
    global: { scrape_interval: "15s", evaluation_interval: "15s", external_labels: { cluster: "cdc-kafka-dev" } },
    rule_files: ["/etc/prometheus/kafka-alerts.yml"],
    scrape_configs: [{ job_name: "kafka", metrics_path: "/metrics", static_configs: [{ targets: ["kafka-broker-1:11001", "kafka-broker-2:11001"] }] }],
  });
  expect(scrapeTargets([])).toEqual([]);
});

test("the alert rules: one group, each alert with its severity and summary", () => {
  const { groups } = JSON.parse(kafkaAlertRules());
  expect(groups).toHaveLength(1);
  expect(groups[0].rules.map((r: { alert: string; labels: { severity: string } }) => [r.alert, r.labels.severity])).toEqual([
    ["KafkaBrokerDown", "critical"],
    ["KafkaNoActiveController", "critical"],
    ["KafkaOfflinePartitions", "critical"],
    ["KafkaUnderMinIsrPartitions", "critical"],
    ["KafkaUnderReplicatedPartitions", "warning"],
    ["KafkaIsrShrinking", "warning"],
    ["KafkaMetadataLag", "warning"],
    ["KafkaProduceLatencyHigh", "warning"],
    ["KafkaJvmHeapHigh", "warning"],
  ]);
});

/** The series names the broker's exporter serves (tests/toolchain/kafkaImageMetrics.test.ts sees each) and `up`. */
const EXPOSED = new Set([
  "up",
  "kafka_controller_KafkaController_Value",
  "kafka_server_ReplicaManager_Value",
  "kafka_server_ReplicaManager_Count",
  "kafka_server_broker_metadata_metrics_last_applied_record_lag_ms",
  "kafka_network_RequestMetrics_99thPercentile",
  "jvm_memory_used_bytes",
  "jvm_memory_max_bytes",
]);

test.each(KAFKA_ALERTS.map((a) => [a.alert, a] as const))("%s reads only series the broker exposes", (_, alert) => {
  const names = alert.expr.match(/\b(?:kafka|jvm)_[A-Za-z0-9_]+|\bup(?=\{)/g) ?? [];
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((name) => !EXPOSED.has(name))).toEqual([]);
});
