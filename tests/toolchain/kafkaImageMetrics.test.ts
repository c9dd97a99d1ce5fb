// The built local Kafka image with the library's metrics setting: the broker env of `metricsEnabled` loads the
// Prometheus JMX exporter, `/metrics` on port 11001 answers with the series the rules keep (and only those), the
// per-topic message count matches what was produced, and the image's tools still run through `docker exec` although
// the container's KAFKA_OPTS names the agent. Then the Prometheus image (Debian's package) with KafkaMetrics's config
// scrapes that broker and loads the Kafka alert rules.
import { brokerEnvironment, DATA_DIR, environmentList, INTERNAL_PORT, METRICS_PORT } from "../../components/brokerEnv";
import { brokerHealthcheckTest } from "../../components/brokerHealthcheck";
import {
  kafkaAlertRules,
  PROMETHEUS_CONFIG_FILE,
  PROMETHEUS_PORT,
  PROMETHEUS_RULES_FILE,
  prometheusCommand,
  prometheusConfig,
} from "../../components/prometheusConfig";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { removeFixture } from "../helpers/uiBrokerFixture";
import { waitFor } from "../../support/waitFor";
import { addressOf, execIn, ExecResult, waitForHealth } from "./imageContainers";

const IMAGE = process.env.CDC_KAFKA_IMAGE ?? "cdc-kafka/kafka:3.6.2";
const PROMETHEUS_IMAGE = process.env.CDC_PROMETHEUS_IMAGE ?? "cdc-kafka/prometheus:2.42";
const RECORDS = 500;

const testId = uniqueId("kafka-metrics");
const name = testId;
const network = `${testId}-net`;
const topic = `${testId}-topic`;
const labels = { "cdc-kafka.test": testId };

/** One sample of the text format: its name, its labels and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const sampleLabels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels: sampleLabels, value: Number(match[3]) };
    });
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`http://${await addressOf(name)}:${METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(15_000) });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, samples: parseSamples(text) };
}

function tool(cmd: string[]): Promise<ExecResult> {
  return execIn(name, cmd);
}

describe(`${IMAGE} with the JMX exporter agent (metricsEnabled)`, () => {
  beforeAll(async () => {
    await docker.createNetwork({ Name: network, Labels: labels });
    const environment = brokerEnvironment({
      nodeId: 1,
      clusterId: "Zp3Qm9vUT0C4lq8Vx2n6bA",
      containerName: name,
      controllerQuorumVoters: `1@${name}:29093`,
      hostPort: 9092,
      advertisedHost: "localhost",
      replicationFactor: 1,
      minInsyncReplicas: 1,
      autoCreateTopics: false,
      logRetentionHours: 168,
      logRetentionBytes: -1,
      groupInitialRebalanceDelayMs: 0,
      memoryMb: 1024,
      metricsEnabled: true,
    });
    const container = await docker.createContainer({
      name,
      Hostname: name,
      Image: IMAGE,
      Labels: labels,
      Env: environmentList(environment),
      Healthcheck: {
        Test: brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR }),
        Interval: 1_000_000_000,
        Timeout: 5_000_000_000,
        Retries: 2,
        StartPeriod: 0,
      },
      HostConfig: { NetworkMode: network, Memory: 1024 * 1024 * 1024 },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
    });
    const started = Date.now();
    await container.start();
    await waitForHealth(name, "healthy", 90_000);
    console.log(`${IMAGE} with the agent: docker start -> healthy in ${Date.now() - started} ms`);
  }, 120_000);

  afterAll(async () => {
    await removeFixture(testId);
  }, 60_000);

  test("tools run through docker exec while the broker's agent holds the metrics port", async () => {
    const created = await tool(["kafka-topics", "--bootstrap-server", `${name}:${INTERNAL_PORT}`, "--create", "--topic", topic, "--partitions", "2"]);
    expect(created).toEqual(expect.objectContaining({ code: 0, stdout: `Created topic ${topic}.\n` }));
    const produced = await tool([
      "kafka-producer-perf-test",
      "--topic",
      topic,
      "--num-records",
      String(RECORDS),
      "--record-size",
      "100",
      "--throughput",
      "-1",
      "--producer-props",
      `bootstrap.servers=${name}:${INTERNAL_PORT}`,
      "acks=all",
    ]);
    expect(produced.stderr).not.toMatch(/Address already in use|Failed to start Prometheus JMX Exporter/);
    expect(produced.code).toBe(0);
    expect(produced.stdout).toMatch(new RegExp(`^${RECORDS} records sent`, "m"));
  });

  test("/metrics: the kept broker, topic, request, replication, controller, log and JVM series, and no others", async () => {
    const { text, samples } = await waitFor(
      async () => {
        const scraped = await scrape();
        const count = scraped.samples.find(
          (s) => s.name === "kafka_server_BrokerTopicMetrics_Count" && s.labels.name === "MessagesInPerSec" && s.labels.topic === topic,
        );
        return count?.value === RECORDS ? scraped : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: `MessagesInPerSec of ${topic} to reach ${RECORDS}` },
    );
    const find = (metric: string, want: Record<string, string | RegExp>) =>
      samples.filter(
        (s) =>
          s.name === metric &&
          Object.entries(want).every(([key, value]) => (typeof value === "string" ? s.labels[key] === value : value.test(s.labels[key] ?? ""))),
      );
    const kept: Array<[string, Record<string, string | RegExp>]> = [
      ["kafka_server_BrokerTopicMetrics_Count", { name: "MessagesInPerSec", topic }],
      ["kafka_server_BrokerTopicMetrics_Count", { name: "BytesInPerSec", topic }],
      ["kafka_server_BrokerTopicMetrics_FifteenMinuteRate", { name: "BytesInPerSec", topic }],
      ["kafka_server_BrokerTopicMetrics_FifteenMinuteRate", { name: "BytesOutPerSec" }],
      ["kafka_server_BrokerTopicMetrics_OneMinuteRate", { name: "MessagesInPerSec" }],
      ["kafka_server_ReplicaManager_Value", { name: "UnderReplicatedPartitions" }],
      ["kafka_server_ReplicaManager_Value", { name: "UnderMinIsrPartitionCount" }],
      ["kafka_server_ReplicaManager_Count", { name: "IsrShrinksPerSec" }],
      ["kafka_server_ReplicaManager_Count", { name: "IsrExpandsPerSec" }],
      ["kafka_network_RequestMetrics_Count", { name: "RequestsPerSec", request: "Produce", version: /^\d+$/ }],
      ["kafka_network_RequestMetrics_99thPercentile", { name: "TotalTimeMs", request: "Produce" }],
      ["kafka_network_RequestMetrics_99thPercentile", { name: "TotalTimeMs", request: "FetchConsumer" }],
      ["kafka_controller_KafkaController_Value", { name: "ActiveControllerCount" }],
      ["kafka_controller_KafkaController_Value", { name: "OfflinePartitionsCount" }],
      ["kafka_server_broker_metadata_metrics_last_applied_record_lag_ms", {}],
      ["kafka_log_Log_Value", { name: "Size", topic, partition: "0" }],
      ["jvm_memory_used_bytes", { area: "heap" }],
      ["jvm_gc_collection_seconds_count", {}],
    ];
    const missing = kept.filter(([metric, want]) => find(metric, want).length === 0);
    if (missing.length > 0) console.log(`series names scraped:\n${[...new Set(samples.map((s) => s.name))].sort().join("\n")}`);
    expect(missing).toEqual([]);
    expect(find("kafka_controller_KafkaController_Value", { name: "ActiveControllerCount" })[0].value).toBe(1);
    expect(find("kafka_server_ReplicaManager_Value", { name: "UnderReplicatedPartitions" })[0].value).toBe(0);
    // kafbat reads byte rates from untyped or gauge series named *BrokerTopicMetrics*FifteenMinuteRate.
    expect(text).toMatch(/^# TYPE kafka_server_BrokerTopicMetrics_FifteenMinuteRate (untyped|gauge)$/m);
    // Only the kept MBean families, besides the agent's own jvm_*/process and exporter series.
    const families = new Set(samples.map((s) => s.name.replace(/^(kafka_[a-z]+_[A-Za-z]+|jvm|process|jmx).*$/, "$1")));
    expect([...families].filter((family) => !/^(jvm|process|jmx)$/.test(family)).sort()).toEqual([
      "kafka_controller_KafkaController",
      "kafka_log_Log",
      "kafka_network_RequestMetrics",
      "kafka_server_BrokerTopicMetrics",
      "kafka_server_ReplicaManager",
      "kafka_server_broker",
      "kafka_server_raft",
    ]);
    console.log(`/metrics: ${samples.length} series (${samples.filter((s) => s.name.startsWith("kafka_")).length} kafka_*), ${text.length} bytes`);
    expect(samples.length).toBeLessThan(600);
  });

  test(`${PROMETHEUS_IMAGE} with KafkaMetrics's config scrapes the broker and loads the alert rules, none firing`, async () => {
    const files = fs.mkdtempSync(path.join(os.tmpdir(), "prometheus-config."));
    const server = `${testId}-prometheus`;
    try {
      fs.writeFileSync(path.join(files, "prometheus.yml"), prometheusConfig([name], "test"));
      fs.writeFileSync(path.join(files, "kafka-alerts.yml"), kafkaAlertRules());
      const container = await docker.createContainer({
        name: server,
        Image: PROMETHEUS_IMAGE,
        Labels: labels,
        Entrypoint: ["prometheus"],
        Cmd: prometheusCommand(),
        HostConfig: {
          NetworkMode: network,
          Binds: [`${files}/prometheus.yml:${PROMETHEUS_CONFIG_FILE}:ro`, `${files}/kafka-alerts.yml:${PROMETHEUS_RULES_FILE}:ro`],
        },
      });
      await container.start();
      const checked = await execIn(server, ["promtool", "check", "rules", PROMETHEUS_RULES_FILE]);
      expect(checked).toEqual(expect.objectContaining({ code: 0 }));
      expect(checked.stdout).toMatch(/SUCCESS: 9 rules found/);
      const api = async (urlPath: string) => {
        const response = await fetch(`http://${await addressOf(server)}:${PROMETHEUS_PORT}${urlPath}`, { signal: AbortSignal.timeout(10_000) });
        return (await response.json()) as {
          data: {
            result?: Array<{ value: [number, string]; metric: Record<string, string> }>;
            groups?: Array<{ rules: Array<{ name: string; health: string; state: string; lastEvaluation: string }> }>;
          };
        };
      };
      const query = async (expr: string) => (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).data.result ?? [];
      const started = Date.now();
      await waitFor(async () => (await query('up{job="kafka"}').catch(() => []))[0]?.value[1] === "1", {
        timeoutMs: 60_000,
        intervalMs: 1000,
        what: "Prometheus to scrape the broker",
      });
      const scrapedAt = Date.now();
      console.log(`${PROMETHEUS_IMAGE}: first successful scrape ${scrapedAt - started} ms after start`);
      expect((await query('kafka_controller_KafkaController_Value{name="ActiveControllerCount"}'))[0].metric).toEqual(
        expect.objectContaining({ instance: `${name}:11001`, job: "kafka", name: "ActiveControllerCount" }),
      );
      expect(await query('jvm_memory_used_bytes{area="heap"} / jvm_memory_max_bytes{area="heap"}')).toHaveLength(1);
      const rules = await waitFor(
        async () => {
          const groups = (await api("/api/v1/rules")).data.groups ?? [];
          const all = groups.flatMap((g) => g.rules);
          // Evaluated after the broker was scraped: a rule evaluated on no samples yet is inactive whatever the broker reports.
          return all.length === 9 && all.every((r) => r.health === "ok" && Date.parse(r.lastEvaluation) > scrapedAt) ? all : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: "every alert rule to be evaluated after the broker was scraped" },
      );
      expect(rules.filter((r) => r.state !== "inactive").map((r) => r.name)).toEqual([]);
    } finally {
      await docker.getContainer(server).remove({ force: true, v: true }).catch(() => undefined);
      fs.rmSync(files, { recursive: true, force: true });
    }
  });
});
