// What the Prometheus server of KafkaMetrics reads: a scrape config for the brokers' JMX exporters and the alert
// rules on the series the exporter rules keep (toolchain/images/kafka/prometheus/kafka-broker.yml). Pure text, so it
// is tested without mocks and can be checked with `promtool`.
import { METRICS_PORT } from "./brokerEnv";

/** Where the server's files go in its container; the upstream prom/prometheus image reads the same paths. */
export const PROMETHEUS_CONFIG_FILE = "/etc/prometheus/prometheus.yml";
/** Where the alert rules are uploaded in the Prometheus container. */
export const PROMETHEUS_RULES_FILE = "/etc/prometheus/kafka-alerts.yml";
/** The port Prometheus serves its UI and API on inside its container. */
export const PROMETHEUS_PORT = 9090;
/** Scrape and rule evaluation interval: Kafka's one-minute rates move slower than this, the UI's refresh is 30 s. */
export const SCRAPE_INTERVAL = "15s";

/** One alert: the condition, how long it must hold, how bad it is, and what it means for delivery. */
export interface KafkaAlert {
  /** The alert's name, e.g. `KafkaBrokerDown`. */
  alert: string;
  /** The PromQL condition. */
  expr: string;
  /** How long the condition must hold before the alert fires, e.g. `5m`. */
  for: string;
  /** critical: delivery at risk; warning: capacity or latency. */
  severity: "critical" | "warning";
  /** What the alert means, for the reader of `/alerts`. */
  summary: string;
}

/** The alerts: delivery at risk first (critical), then capacity and latency (warning). */
export const KAFKA_ALERTS: readonly KafkaAlert[] = [
  {
    alert: "KafkaBrokerDown",
    expr: 'up{job="kafka"} == 0',
    for: "1m",
    severity: "critical",
    summary: "Broker {{ $labels.instance }} has not answered a metrics scrape for a minute.",
  },
  {
    alert: "KafkaNoActiveController",
    expr: 'sum(kafka_controller_KafkaController_Value{name="ActiveControllerCount"}) != 1',
    for: "1m",
    severity: "critical",
    summary: "The cluster has {{ $value }} active KRaft controllers instead of one; metadata changes stall.",
  },
  {
    alert: "KafkaOfflinePartitions",
    expr: 'max(kafka_controller_KafkaController_Value{name="OfflinePartitionsCount"}) > 0',
    for: "1m",
    severity: "critical",
    summary: "{{ $value }} partitions have no leader: writes to them fail.",
  },
  {
    alert: "KafkaUnderMinIsrPartitions",
    expr: 'sum(kafka_server_ReplicaManager_Value{name="UnderMinIsrPartitionCount"}) > 0',
    for: "1m",
    severity: "critical",
    summary: "{{ $value }} partitions have fewer in-sync replicas than min.insync.replicas: acks=all writes to them are refused.",
  },
  {
    alert: "KafkaUnderReplicatedPartitions",
    expr: 'sum(kafka_server_ReplicaManager_Value{name="UnderReplicatedPartitions"}) > 0',
    for: "5m",
    severity: "warning",
    summary: "{{ $value }} partitions are missing replicas: one more broker failure may lose acknowledged writes.",
  },
  {
    alert: "KafkaIsrShrinking",
    expr: 'increase(kafka_server_ReplicaManager_Count{name="IsrShrinksPerSec"}[5m]) > 0',
    for: "0m",
    severity: "warning",
    summary: "Broker {{ $labels.instance }} dropped replicas from an ISR in the last 5 minutes.",
  },
  {
    alert: "KafkaMetadataLag",
    expr: "kafka_server_broker_metadata_metrics_last_applied_record_lag_ms > 30000",
    for: "2m",
    severity: "warning",
    summary: "Broker {{ $labels.instance }} applies cluster metadata {{ $value }} ms behind the controller.",
  },
  {
    alert: "KafkaProduceLatencyHigh",
    expr: 'kafka_network_RequestMetrics_99thPercentile{name="TotalTimeMs",request="Produce"} > 1000',
    for: "5m",
    severity: "warning",
    summary: "Produce p99 on {{ $labels.instance }} is {{ $value }} ms: producers wait over a second for acks.",
  },
  {
    alert: "KafkaJvmHeapHigh",
    expr: 'jvm_memory_used_bytes{area="heap"} / jvm_memory_max_bytes{area="heap"} > 0.9',
    for: "5m",
    severity: "warning",
    summary: "Broker {{ $labels.instance }} uses over 90% of its heap; raise brokerMemoryMb.",
  },
];

/** The server's arguments: its config, a throwaway TSDB in /tmp (writable whatever the image's user), 2 days kept. */
export function prometheusCommand(): string[] {
  return [
    `--config.file=${PROMETHEUS_CONFIG_FILE}`,
    "--storage.tsdb.path=/tmp/prometheus",
    "--storage.tsdb.retention.time=2d",
    `--web.listen-address=:${PROMETHEUS_PORT}`,
  ];
}

/** `<container>:11001` for each broker: the exporter on the Docker network. */
export function scrapeTargets(brokerContainerNames: readonly string[]): string[] {
  return brokerContainerNames.map((name) => `${name}:${METRICS_PORT}`);
}

/** prometheus.yml: one job `kafka` scraping every broker's exporter, and the alert rules. */
export function prometheusConfig(brokerContainerNames: readonly string[], clusterName: string): string {
  // JSON is YAML, and it quotes every name and label value correctly.
  return JSON.stringify(
    {
      global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL, external_labels: { cluster: clusterName } },
      rule_files: [PROMETHEUS_RULES_FILE],
      scrape_configs: [{ job_name: "kafka", metrics_path: "/metrics", static_configs: [{ targets: scrapeTargets(brokerContainerNames) }] }],
    },
    null,
    2,
  );
}

/** kafka-alerts.yml: the alerts as one Prometheus rule group. */
export function kafkaAlertRules(alerts: readonly KafkaAlert[] = KAFKA_ALERTS): string {
  return JSON.stringify(
    {
      groups: [
        {
          name: "kafka",
          rules: alerts.map((a) => ({ alert: a.alert, expr: a.expr, for: a.for, labels: { severity: a.severity }, annotations: { summary: a.summary } })),
        },
      ],
    },
    null,
    2,
  );
}
