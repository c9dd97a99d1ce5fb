// Reads a deployed cluster into a ClusterSnapshot: containers through the docker CLI, the KRaft quorum through the
// broker image's kafka-metadata-quorum tool, topics and consumer groups through a kafkajs admin client. Every step has
// a deadline, so a stopped or frozen broker gives a sentence within seconds instead of a hang.
import type { Admin } from "kafkajs";
import { kafkaClient } from "../components/kafkajsClient";
import { errorMessage, OpsError } from "./errors";
import { containerLogsSince, execIn, inspectContainers } from "./docker";
import { groupTopicLag } from "./lag";
import { BrokerStatus, ClusterSnapshot, GroupStatus, PartitionStatus, QuorumStatus, RatesStatus, TopicStatus } from "./model";
import { isSecured, javaPropertiesText } from "./clientSettings";
import { StackAddresses } from "./outputs";
import { brokerIdentity, logProblemLines, parseKafkaVersion, parseQuorumReplication } from "./parse";
import { parsePrometheusText } from "../ui/metrics";
import { BrokerScrape, exporterPort, httpBody, ratesFromScrapes } from "./rates";
import { KEY_TOPIC_CONFIGS } from "./model";

/** Kafka's resource type for topics in DescribeConfigs (kafkajs's ConfigResourceTypes.TOPIC), kept client-neutral. */
const TOPIC_RESOURCE_TYPE = 2;
/** Kafka's config source for a topic's own override (DYNAMIC_TOPIC_CONFIG). */
const TOPIC_OVERRIDE_SOURCE = 1;
/** One quick retry: a person waits at the terminal, and the deadline bounds the whole read anyway. */
const ADMIN_RETRY = { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 };
/** How many existing topics a "no such topic" sentence names. */
const LISTED_TOPICS = 10;
/** The quorum tool starts a JVM (seconds of CPU on a busy machine), so it gets at least this long. */
const MIN_QUORUM_TOOL_SECONDS = 20;

export interface ReadOptions {
  timeoutMs: number;
  /** Restrict topics to these names (topics describe); all topics otherwise. */
  topicNames?: string[];
  /** Every override of each topic besides the key configs (topics describe). */
  allConfigs?: boolean;
  /** Consumer groups with their lag (status). */
  groups?: boolean;
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Each broker container's state, health, node id, listeners and (when running) Kafka version; with `logs`, also the
 * ERROR and FATAL lines of its log since it last started (a clean start has none).
 */
export async function readBrokers(addresses: StackAddresses, timeoutMs: number, logs = false): Promise<BrokerStatus[]> {
  const containers = await inspectContainers(addresses.brokerContainerNames, timeoutMs);
  return Promise.all(
    addresses.brokerContainerNames.map(async (name): Promise<BrokerStatus> => {
      const info = containers.get(name);
      if (!info) return { container: name, containerState: "missing", listeners: [] };
      const { nodeId, listeners } = brokerIdentity(info.env);
      const version =
        info.status === "running"
          ? // Both layouts: the local image's /opt/kafka/libs and cp-kafka's /usr/share/java/kafka. ls is cheap; a JVM tool is not.
            await execIn(name, ["sh", "-c", "ls /opt/kafka/libs /usr/share/java/kafka 2>/dev/null; true"], timeoutMs)
              .then(parseKafkaVersion)
              .catch(() => undefined)
          : undefined;
      const running = info.status === "running" && info.startedAt !== undefined;
      const logProblems =
        logs && running ? await containerLogsSince(name, info.startedAt as string, timeoutMs).then(logProblemLines).catch(() => undefined) : undefined;
      const metricsPort = exporterPort(info.env);
      return {
        nodeId,
        container: name,
        containerState: info.status,
        health: info.health,
        image: info.image,
        version,
        listeners,
        startedAt: info.startedAt,
        logProblems,
        ...(metricsPort === undefined ? {} : { metricsPort }),
      };
    }),
  );
}

/**
 * `kafka-metadata-quorum describe --replication`, run in a running broker against its own internal listener; on a
 * secured stack as the admin principal, its settings given on stdin (no file in the container, no password in `ps`).
 */
export async function readQuorum(addresses: StackAddresses, brokers: BrokerStatus[], timeoutMs: number): Promise<QuorumStatus> {
  const broker = brokers.find((candidate) => candidate.containerState === "running");
  if (!broker) throw new Error("no broker container is running");
  const internal = addresses.internalBootstrapServers.split(",");
  const index = addresses.brokerContainerNames.indexOf(broker.container);
  const bootstrap = internal.length === addresses.brokerContainerNames.length ? internal[index] : addresses.internalBootstrapServers;
  const seconds = Math.max(MIN_QUORUM_TOOL_SECONDS, Math.ceil((2 * timeoutMs) / 1000));
  // `timeout` inside the container: killing the docker CLI would leave the tool running in there.
  const secured = isSecured(addresses.adminConfig);
  const commandConfig = secured ? ["--command-config", "/dev/stdin"] : [];
  const command = ["timeout", String(seconds), "kafka-metadata-quorum", "--bootstrap-server", bootstrap, ...commandConfig, "describe", "--replication"];
  const output = await execIn(broker.container, command, (seconds + 5) * 1000, secured ? javaPropertiesText(addresses.adminConfig!) : undefined);
  return { nodes: parseQuorumReplication(output, Date.now()) };
}

/** bash's /dev/tcp, since the broker image has no curl or wget; HTTP/1.0 so the answer is neither chunked nor kept open. */
const SCRAPE_SCRIPT = 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /metrics HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n" >&3 && cat <&3';

/**
 * Byte rates from each running broker's exporter, scraped from inside its container: that works for every stack with
 * metrics on (the exporter's host port is published only for one-broker stacks that ask, and the UI may be off).
 * Throws with the reason when there are none.
 */
export async function readRates(brokers: BrokerStatus[], timeoutMs: number): Promise<RatesStatus> {
  if (!brokers.some((broker) => broker.metricsPort !== undefined)) {
    throw new Error("metrics are off: the brokers run no Prometheus exporter; set cdc-kafka:metricsEnabled to true");
  }
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const scrapes = await Promise.all(
    brokers.map(async (broker): Promise<BrokerScrape> => {
      const scrape = { nodeId: broker.nodeId ?? -1, container: broker.container };
      if (broker.containerState !== "running") return { ...scrape, error: `the container is ${broker.containerState}` };
      if (broker.metricsPort === undefined) return { ...scrape, error: "the broker runs no Prometheus exporter" };
      const command = ["timeout", String(seconds), "bash", "-c", SCRAPE_SCRIPT, "scrape", String(broker.metricsPort)];
      try {
        return { ...scrape, series: parsePrometheusText(httpBody(await execIn(broker.container, command, timeoutMs + 5_000))) };
      } catch (error) {
        return { ...scrape, error: `metrics on port ${broker.metricsPort} not read: ${errorMessage(error)}` };
      }
    }),
  );
  if (!scrapes.some((scrape) => scrape.series)) throw new Error(`no exporter answered (${scrapes.map((scrape) => `${scrape.container}: ${scrape.error}`).join("; ")})`);
  return ratesFromScrapes(scrapes);
}

export interface KafkaView {
  registeredNodeIds: number[];
  topics: TopicStatus[];
  groups: GroupStatus[];
}

/** Brokers the metadata lists, topics (partitions, configs, offsets) and consumer groups with lag. */
export async function readKafka(addresses: StackAddresses, options: ReadOptions): Promise<KafkaView> {
  const admin = kafkaClient(addresses.hostBootstrapServers, "cdc-kafka-ops", addresses.adminConfig).admin({ retry: ADMIN_RETRY });
  const where = `Kafka at ${addresses.hostBootstrapServers}`;
  try {
    return await withDeadline(readWith(admin, addresses, options), options.timeoutMs, where);
  } catch (error) {
    if (error instanceof OpsError) throw error;
    const message = errorMessage(error).replace(/\.$/, "");
    throw new Error(message.startsWith(where) ? message : `${where} failed: ${message}`);
  } finally {
    await withDeadline(admin.disconnect(), 1_000, "disconnect").catch(() => undefined);
  }
}

async function readWith(admin: Admin, addresses: StackAddresses, options: ReadOptions): Promise<KafkaView> {
  await admin.connect();
  const cluster = await admin.describeCluster();
  const metadata = (await admin.fetchTopicMetadata()).topics;
  const wanted = options.topicNames && options.topicNames.length > 0 ? options.topicNames : undefined;
  if (wanted) {
    const existing = new Set(metadata.map((topic) => topic.name));
    const missing = wanted.filter((name) => !existing.has(name));
    if (missing.length > 0) {
      const names = [...existing].filter((name) => !name.startsWith("__")).sort();
      const listed = names.length > LISTED_TOPICS ? `${names.slice(0, LISTED_TOPICS).join(", ")} and ${names.length - LISTED_TOPICS} more` : names.join(", ");
      throw new OpsError(`No topic named ${missing.join(", ")} in stack ${addresses.stack}'s cluster; its topics are ${listed || "(none)"}.`, 1);
    }
  }
  const selected = metadata.filter((topic) => !wanted || wanted.includes(topic.name)).sort((a, b) => a.name.localeCompare(b.name));
  const [configs, offsets] = await Promise.all([
    topicConfigs(admin, selected.map((topic) => topic.name), options.allConfigs ?? false),
    // kafkajs 2.2.4's fetchTopicOffsets throws a TypeError while a partition has no reachable leader (a broker is
    // down); that topic is still listed, with why its offsets (and the lag of groups on it) are unknown.
    Promise.all(selected.map((topic) => settle(admin.fetchTopicOffsets(topic.name)))),
  ]);
  const declared = new Set(addresses.topicNames);
  const topics = selected.map((topic, index): TopicStatus => {
    const read = offsets[index];
    const byPartition = new Map("value" in read ? read.value.map((entry) => [entry.partition, entry]) : []);
    const partitions = [...topic.partitions]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map(
        (partition): PartitionStatus => ({
          partition: partition.partitionId,
          leader: partition.leader,
          replicas: partition.replicas,
          isr: partition.isr,
          offlineReplicas: partition.offlineReplicas ?? [],
          earliestOffset: byPartition.get(partition.partitionId)?.low,
          latestOffset: byPartition.get(partition.partitionId)?.high,
        }),
      );
    const status: TopicStatus = { name: topic.name, internal: topic.name.startsWith("__"), declared: declared.has(topic.name), partitions, configs: configs.get(topic.name) ?? {} };
    if ("error" in read) status.offsetsError = read.error;
    return status;
  });
  const groups = options.groups ? await readGroups(admin, topics) : [];
  return { registeredNodeIds: cluster.brokers.map((broker) => broker.nodeId), topics, groups };
}

async function topicConfigs(admin: Admin, names: string[], allOverrides: boolean): Promise<Map<string, Record<string, string>>> {
  if (names.length === 0) return new Map();
  const configNames = allOverrides ? undefined : [...KEY_TOPIC_CONFIGS];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: TOPIC_RESOURCE_TYPE, name, configNames })),
  });
  return new Map(
    resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(
        resource.configEntries
          .filter((entry) => (KEY_TOPIC_CONFIGS as readonly string[]).includes(entry.configName) || entry.configSource === TOPIC_OVERRIDE_SOURCE)
          .map((entry) => [entry.configName, entry.configValue]),
      ),
    ]),
  );
}

/** Consumer groups with their lag per topic (see groupTopicLag: unknown, not smaller, when offsets are missing). */
async function readGroups(admin: Admin, topics: TopicStatus[]): Promise<GroupStatus[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const ids = groups.map((group) => group.groupId).sort();
  const [descriptions, committed] = await Promise.all([
    admin.describeGroups(ids),
    Promise.all(ids.map((groupId) => admin.fetchOffsets({ groupId }))),
  ]);
  const byName = new Map(topics.map((topic) => [topic.name, topic]));
  return ids.map((groupId, index): GroupStatus => {
    const description = descriptions.groups.find((group) => group.groupId === groupId);
    const lags = committed[index].map(({ topic, partitions }) => groupTopicLag(topic, partitions, byName.get(topic)));
    return { groupId, state: description?.state ?? "Unknown", members: description?.members.length ?? 0, topics: lags };
  });
}

/** A value or the message of why there is none, so one failed read does not lose the others. */
function settle<T>(work: Promise<T>): Promise<{ value: T } | { error: string }> {
  return work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: errorMessage(error) }),
  );
}

/** Everything status shows. Kafka and the quorum are read side by side; each failure becomes part of the snapshot. */
export async function readSnapshot(addresses: StackAddresses, timeoutMs: number): Promise<ClusterSnapshot> {
  const brokers = await readBrokers(addresses, timeoutMs, true);
  const snapshot: ClusterSnapshot = {
    stack: addresses.stack,
    clusterName: addresses.clusterName,
    clusterId: addresses.clusterId,
    hostBootstrapServers: addresses.hostBootstrapServers,
    internalBootstrapServers: addresses.internalBootstrapServers,
    security: addresses.security,
    uiUrl: addresses.uiUrl,
    declaredTopics: addresses.topicNames,
    brokers,
    topics: [],
    groups: [],
  };
  // Nothing to ask when no container runs: say so at once rather than wait for timeouts.
  if (!brokers.some((broker) => broker.containerState === "running")) {
    snapshot.quorumError = snapshot.kafkaError = snapshot.ratesUnavailable = "no broker container is running";
    return snapshot;
  }
  const [quorum, kafka, rates] = await Promise.all([
    settle(readQuorum(addresses, brokers, timeoutMs)),
    settle(readKafka(addresses, { timeoutMs, groups: true })),
    settle(readRates(brokers, timeoutMs)),
  ]);
  if ("error" in quorum) snapshot.quorumError = quorum.error;
  else snapshot.quorum = quorum.value;
  if ("error" in rates) snapshot.ratesUnavailable = rates.error;
  else snapshot.rates = rates.value;
  if ("error" in kafka) {
    snapshot.kafkaError = kafka.error;
    return snapshot;
  }
  const registered = new Set(kafka.value.registeredNodeIds);
  snapshot.brokers = brokers.map((broker) => ({ ...broker, registered: broker.nodeId === undefined ? undefined : registered.has(broker.nodeId) }));
  snapshot.topics = kafka.value.topics;
  snapshot.groups = kafka.value.groups;
  return snapshot;
}
