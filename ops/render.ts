// What status, topics and up print: aligned tables and summaries from plain data, and the JSON form for machines. Pure.
import { SASL_MECHANISM } from "../components/clientConfig";
import type { KafkaStackOutputValues } from "../components/kafkaStack";
import { npmCommand } from "./args";
import { brokerDownReason, evaluateHealth, Health, minInsyncReplicas, PartitionMark, partitionMarks, quorumLeader } from "./health";
import { BrokerStatus, ClusterSnapshot, GroupStatus, KEY_TOPIC_CONFIGS, PartitionStatus, QuorumStatus, RatesStatus, TopicStatus } from "./model";
import { Column, formatPairs, formatTable, plainStyle, Style } from "./table";

export { npmCommand };

/** Milliseconds as the largest whole unit that divides them (604800000 → 7d); -1 is Kafka's "forever". */
export function humanMs(value: string): string {
  const ms = Number(value);
  if (!Number.isInteger(ms)) return value;
  if (ms < 0) return "forever";
  const units: [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["min", 60_000], ["s", 1_000]];
  const unit = units.find(([, size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}

function configCell(topic: TopicStatus, name: string): string {
  const value = topic.configs[name];
  if (value === undefined) return "?";
  return name === "retention.ms" ? `${value} (${humanMs(value)})` : value;
}

function markCell(marks: PartitionMark[], style: Style): string {
  if (marks.length === 0) return style.good("ok");
  return marks.map((mark) => (mark === "under-replicated" ? style.warn(mark.toUpperCase()) : style.bad(mark.toUpperCase()))).join(",");
}

const ids = (values: number[]) => (values.length > 0 ? values.join(",") : "-");

function brokerRows(brokers: BrokerStatus[], style: Style): string[] {
  const columns: Column[] = [
    { header: "NODE", align: "right" },
    { header: "CONTAINER" },
    { header: "STATE" },
    { header: "DOCKER" },
    { header: "HEALTH" },
    { header: "VERSION" },
    { header: "LISTENERS" },
  ];
  const rows = brokers.map((broker) => [
    String(broker.nodeId ?? "?"),
    broker.container,
    brokerDownReason(broker) === undefined ? style.good("up") : style.bad("DOWN"),
    broker.containerState,
    broker.health ?? "-",
    broker.version ?? "?",
    broker.listeners.join(", ") || "-",
  ]);
  return formatTable(columns, rows);
}

function quorumRows(quorum: QuorumStatus, style: Style): string[] {
  const columns: Column[] = [
    { header: "NODE", align: "right" },
    { header: "ROLE" },
    { header: "LOG END OFFSET", align: "right" },
    { header: "LAG", align: "right" },
    { header: "LAST FETCH", align: "right" },
    { header: "LAST CAUGHT UP", align: "right" },
  ];
  const ago = (ms?: number) => (ms === undefined ? "-" : `${ms} ms ago`);
  const rows = quorum.nodes.map((node) => [
    String(node.nodeId),
    node.role === "leader" ? style.bold(node.role) : node.role,
    String(node.logEndOffset),
    node.lag > 0 ? style.warn(String(node.lag)) : String(node.lag),
    ago(node.lastFetchMsAgo),
    ago(node.lastCaughtUpMsAgo),
  ]);
  return formatTable(columns, rows);
}

/** One row per partition; the topic's name and key configs only on its first row, so topics read as blocks. */
function partitionRows(topics: TopicStatus[], style: Style): string[] {
  const columns: Column[] = [
    { header: "TOPIC" },
    { header: "PARTITION", align: "right" },
    { header: "LEADER", align: "right" },
    { header: "REPLICAS" },
    { header: "ISR" },
    { header: "STATUS" },
    ...KEY_TOPIC_CONFIGS.map((name) => ({ header: name })),
  ];
  const rows = topics.flatMap((topic) =>
    topic.partitions.map((partition, index) => [
      index === 0 ? topic.name : "",
      String(partition.partition),
      partition.leader < 0 ? style.bad("none") : String(partition.leader),
      ids(partition.replicas),
      ids(partition.isr),
      markCell(partitionMarks(partition, minInsyncReplicas(topic)), style),
      ...KEY_TOPIC_CONFIGS.map((name) => (index === 0 ? configCell(topic, name) : "")),
    ]),
  );
  return formatTable(columns, rows);
}

function topicMarks(topic: TopicStatus): PartitionMark[] {
  const minInsync = minInsyncReplicas(topic);
  return [...new Set(topic.partitions.flatMap((partition) => partitionMarks(partition, minInsync)))];
}

function groupRows(groups: GroupStatus[]): string[] {
  const columns: Column[] = [
    { header: "GROUP" },
    { header: "STATE" },
    { header: "MEMBERS", align: "right" },
    { header: "TOPIC" },
    { header: "COMMITTED", align: "right" },
    { header: "LAG", align: "right" },
  ];
  const rows = groups.flatMap((group) => {
    const topics = group.topics.length > 0 ? group.topics : [undefined];
    return topics.map((topic, index) => [
      index === 0 ? group.groupId : "",
      index === 0 ? group.state : "",
      index === 0 ? String(group.members) : "",
      topic?.topic ?? "-",
      topic ? `${topic.committedPartitions}/${topic.partitions}` : "-",
      topic ? (topic.lag === null ? "unknown" : String(topic.lag)) : "-",
    ]);
  });
  const unknown = groups.flatMap((group) =>
    group.topics.filter((topic) => topic.lag === null).map((topic) => `Lag of ${group.groupId} on ${topic.topic} unknown: ${topic.lagUnknown ?? "offsets not read"}.`),
  );
  return [...formatTable(columns, rows), ...unknown];
}

/** Bytes per second in the largest binary unit that keeps the number at 1 or more, one decimal; null → "-". */
export function humanRate(bytesPerSec: number | null): string {
  if (bytesPerSec === null) return "-";
  const units: [string, number][] = [["MiB/s", 1024 * 1024], ["KiB/s", 1024]];
  const unit = units.find(([, size]) => bytesPerSec >= size);
  return unit ? `${(bytesPerSec / unit[1]).toFixed(1)} ${unit[0]}` : `${bytesPerSec.toFixed(1)} B/s`;
}

/** The cluster's, each broker's and each topic's byte rates, then why a broker has none. */
function rateRows(rates: RatesStatus, clusterName: string): string[] {
  const columns: Column[] = [{ header: "SCOPE" }, { header: "NAME" }, { header: "BYTES IN", align: "right" }, { header: "BYTES OUT", align: "right" }];
  const rows = [
    ["cluster", clusterName, humanRate(rates.cluster.bytesInPerSec), humanRate(rates.cluster.bytesOutPerSec)],
    ...rates.brokers.map((broker) => ["broker", String(broker.nodeId), humanRate(broker.bytesInPerSec), humanRate(broker.bytesOutPerSec)]),
    ...rates.topics.map((topic) => ["topic", topic.topic, humanRate(topic.bytesInPerSec), humanRate(topic.bytesOutPerSec)]),
  ];
  const unread = rates.brokers.filter((broker) => broker.error).map((broker) => `Broker ${broker.nodeId} (${broker.container}) not scraped: ${broker.error}.`);
  return [...formatTable(columns, rows), ...unread];
}

function section(title: string, style: Style, body: string[]): string[] {
  return ["", style.bold(title), ...body];
}

function headline(snapshot: ClusterSnapshot): string {
  const parts = [`Stack ${snapshot.stack}`];
  if (snapshot.clusterName) parts.push(`cluster ${snapshot.clusterName}${snapshot.clusterId ? ` (id ${snapshot.clusterId})` : ""}`);
  parts.push(`bootstrap ${snapshot.hostBootstrapServers}${snapshot.security === "sasl_ssl" ? " (SASL_SSL)" : ""}`);
  if (snapshot.uiUrl) parts.push(`UI ${snapshot.uiUrl}`);
  return parts.join(" · ");
}

function verdict(snapshot: ClusterSnapshot, health: Health, style: Style): string[] {
  const warnings = health.warnings.length > 0 ? ["", style.warn("Broker logs:"), ...health.warnings.map((warning) => `  - ${warning}`)] : [];
  return [...warnings, ...judgement(snapshot, health, style)];
}

function judgement(snapshot: ClusterSnapshot, health: Health, style: Style): string[] {
  if (health.stopped) return ["", style.warn(`Stopped: ${health.problems[0]}`)];
  if (!health.healthy) return ["", style.bad(`Unhealthy (${health.problems.length} problem${health.problems.length === 1 ? "" : "s"}):`), ...health.problems.map((problem) => `  - ${problem}`)];
  const up = snapshot.brokers.length;
  const partitions = snapshot.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  return [
    "",
    style.good(
      `Healthy: ${up} of ${up} broker${up === 1 ? "" : "s"} up, quorum leader ${quorumLeader(snapshot.quorum)}, ` +
        `${partitions} partitions in sync across ${snapshot.topics.length} topics, ${snapshot.groups.length} consumer group${snapshot.groups.length === 1 ? "" : "s"}.`,
    ),
  ];
}

/** The status report: brokers, quorum, topics (internal ones summed up), consumer groups, then the verdict. */
export function renderStatus(snapshot: ClusterSnapshot, health: Health = evaluateHealth(snapshot), style: Style = plainStyle): string[] {
  const lines = [style.bold(headline(snapshot))];
  lines.push(...section("Brokers", style, brokerRows(snapshot.brokers, style)));
  const quorumBody = snapshot.quorum ? quorumRows(snapshot.quorum, style) : [`(not read${snapshot.quorumError ? `: ${snapshot.quorumError}` : ""})`];
  lines.push(...section("Controller quorum", style, quorumBody));
  if (snapshot.kafkaError) {
    lines.push(...section("Topics", style, [`(not read: ${snapshot.kafkaError})`]));
  } else {
    const userTopics = snapshot.topics.filter((topic) => !topic.internal);
    const internal = snapshot.topics.filter((topic) => topic.internal);
    const topicBody = userTopics.length > 0 ? partitionRows(userTopics, style) : ["(no topics)"];
    if (internal.length > 0) {
      const summary = internal.map((topic) => `${topic.name} (${topic.partitions.length} partitions, ${markCell(topicMarks(topic), style)})`);
      topicBody.push(`Internal: ${summary.join(", ")}`);
    }
    lines.push(...section("Topics", style, topicBody));
    lines.push(...section("Consumer groups", style, snapshot.groups.length > 0 ? groupRows(snapshot.groups) : ["(none)"]));
  }
  // Kafka's FifteenMinuteRate, the figure kafbat shows: a smooth average, so it lags a burst by minutes.
  if (snapshot.rates) lines.push(...section("Byte rates (15-minute averages)", style, rateRows(snapshot.rates, snapshot.clusterName ?? snapshot.stack)));
  else lines.push("", `Rates: unavailable (${snapshot.ratesUnavailable ?? "not read"})`);
  lines.push(...verdict(snapshot, health, style));
  return lines;
}

/** status --json: the snapshot, the verdict and each partition's marks. */
export function statusJson(snapshot: ClusterSnapshot, health: Health = evaluateHealth(snapshot)): object {
  const { stack, ...rest } = snapshot;
  return {
    stack,
    healthy: health.healthy,
    stopped: health.stopped,
    problems: health.problems,
    warnings: health.warnings,
    ...rest,
    quorumLeader: quorumLeader(snapshot.quorum) ?? null,
    topics: snapshot.topics.map((topic) => topicJson(topic)),
  };
}

/** A topic with each partition's marks, as --json prints it. */
export function topicJson(topic: TopicStatus): object {
  const minInsync = minInsyncReplicas(topic);
  return {
    ...topic,
    partitions: topic.partitions.map((partition) => ({ ...partition, marks: partitionMarks(partition, minInsync) })),
  };
}

function messageCount(partitions: PartitionStatus[]): string {
  if (partitions.some((partition) => partition.latestOffset === undefined || partition.earliestOffset === undefined)) return "?";
  return String(partitions.reduce((sum, partition) => sum + (Number(partition.latestOffset) - Number(partition.earliestOffset)), 0));
}

/** `npm run topics`: one row per topic. */
export function renderTopicList(topics: TopicStatus[], style: Style = plainStyle): string[] {
  if (topics.length === 0) return ["(no topics)"];
  const columns: Column[] = [
    { header: "TOPIC" },
    { header: "PARTITIONS", align: "right" },
    { header: "RF", align: "right" },
    { header: "MESSAGES", align: "right" },
    { header: "STATUS" },
    ...KEY_TOPIC_CONFIGS.map((name) => ({ header: name })),
    { header: "DECLARED" },
  ];
  const rows = topics.map((topic) => [
    topic.name,
    String(topic.partitions.length),
    String(Math.max(0, ...topic.partitions.map((partition) => partition.replicas.length))),
    messageCount(topic.partitions),
    markCell(topicMarks(topic), style),
    ...KEY_TOPIC_CONFIGS.map((name) => configCell(topic, name)),
    topic.internal ? "internal" : topic.declared ? "yes" : "no",
  ]);
  return formatTable(columns, rows);
}

/** `npm run topics -- describe`: per topic its configs and one row per partition with offsets. */
export function renderTopicDescriptions(topics: TopicStatus[], style: Style = plainStyle): string[] {
  return topics.flatMap((topic, index) => {
    const minInsync = minInsyncReplicas(topic);
    const origin = topic.internal ? "internal" : topic.declared ? "declared by the stack" : "not declared by the stack";
    const configs = Object.keys(topic.configs)
      .sort()
      .map((name): [string, string] => [`  ${name}`, configCell(topic, name)]);
    const columns: Column[] = [
      { header: "PARTITION", align: "right" },
      { header: "LEADER", align: "right" },
      { header: "REPLICAS" },
      { header: "ISR" },
      { header: "OFFLINE" },
      { header: "EARLIEST", align: "right" },
      { header: "LATEST", align: "right" },
      { header: "STATUS" },
    ];
    const rows = topic.partitions.map((partition) => [
      String(partition.partition),
      partition.leader < 0 ? style.bad("none") : String(partition.leader),
      ids(partition.replicas),
      ids(partition.isr),
      ids(partition.offlineReplicas),
      partition.earliestOffset ?? "?",
      partition.latestOffset ?? "?",
      markCell(partitionMarks(partition, minInsync), style),
    ]);
    return [
      ...(index > 0 ? [""] : []),
      style.bold(`Topic ${topic.name} (${origin}): ${topic.partitions.length} partitions, ${messageCount(topic.partitions)} messages`),
      "Configs (overrides and key settings):",
      ...formatPairs(configs),
      ...formatTable(columns, rows).map((line) => `  ${line}`),
    ];
  });
}

/** The lines `npm run up` ends with, from the stack's outputs. */
export function renderUpSummary(stack: string, outputs: Record<string, unknown>, seconds: number): string[] {
  // Names typed by KafkaStackOutputValues: renaming an output fails to compile here instead of printing "-".
  const text = (name: keyof KafkaStackOutputValues) => {
    const value = outputs[name];
    return typeof value === "string" && value !== "" ? value : "-";
  };
  const list = (name: keyof KafkaStackOutputValues) => {
    const value = outputs[name];
    return Array.isArray(value) && value.length > 0 ? value.join(", ") : "-";
  };
  const network = text("networkName") !== "-" ? ` (network ${text("networkName")})` : "";
  // Where a secured stack's clients find their settings; the settings themselves carry passwords and are not printed.
  const security: [string, string][] =
    outputs.security === "sasl_ssl"
      ? [["  Security", `SASL_SSL (${SASL_MECHANISM}, the stack's CA); client settings: the secret outputs adminConfig, producerConfig, consumerConfig`]]
      : [];
  return [
    "",
    `Stack ${stack} is up (${seconds.toFixed(1)} s).`,
    ...formatPairs([
      ["  Bootstrap servers, host", text("hostBootstrapServers")],
      ["  Bootstrap servers, Docker network", `${text("internalBootstrapServers")}${network}`],
      ...security,
      ["  Web UI", text("uiUrl") !== "-" ? text("uiUrl") : "(disabled)"],
      ["  Topics", list("topicNames")],
      ["  Broker containers", list("brokerContainerNames")],
    ]),
    `Check it: ${npmCommand("status", stack)}`,
  ];
}

/**
 * A stack's resources grouped by type, one line each (`  Container: a, b`), for down's question. The library's own
 * components (type `cdc-kafka:…`) only group the others, so they are left out.
 */
export function resourceSummary(resources: { type: string; name: string }[]): string[] {
  const byType = new Map<string, string[]>();
  for (const resource of resources.filter((candidate) => !candidate.type.startsWith("cdc-kafka:"))) {
    // docker:index/container:Container → Container
    const kind = resource.type.split(/[:/]/).pop() ?? resource.type;
    byType.set(kind, [...(byType.get(kind) ?? []), resource.name]);
  }
  return [...byType.entries()].map(([kind, names]) => `  ${kind}: ${names.join(", ")}`);
}
