// What status and topics know about a deployed cluster: plain data gathered by clusterReader.ts, judged by health.ts and
// printed by render.ts (or as JSON). No behaviour here.
import type { IoRates } from "../ui/metrics";

/** The topic configs that carry the delivery guarantee and the retention: read for every topic and shown for each. */
export const KEY_TOPIC_CONFIGS = ["min.insync.replicas", "retention.ms", "cleanup.policy"] as const;

export interface BrokerStatus {
  /** KAFKA_NODE_ID of the container; undefined when the container is missing. */
  nodeId?: number;
  container: string;
  /** Docker's state (running, paused, exited, restarting, …) or "missing". */
  containerState: string;
  /** The Docker healthcheck's verdict (healthy, unhealthy, starting); undefined without a healthcheck. */
  health?: string;
  image?: string;
  /** Kafka version of the broker's jars (kafka-clients-<version>.jar), when the container could be asked. */
  version?: string;
  /** Advertised listeners (NAME://host:port). */
  listeners: string[];
  /** Whether the cluster's metadata lists the broker; undefined when Kafka could not be asked. */
  registered?: boolean;
  /** When the container last started (RFC 3339), when it exists. */
  startedAt?: string;
  /** ERROR and FATAL lines of the broker's log since it started; undefined when not running or not read. */
  logProblems?: string[];
  /** The Prometheus exporter's container port (from KAFKA_OPTS); undefined when the broker runs no exporter. */
  metricsPort?: number;
}

/** Kafka's BytesIn/BytesOut FifteenMinuteRate of one broker in bytes/s; null when not scraped (`error` says why). */
export interface BrokerRates extends IoRates {
  nodeId: number;
  container: string;
  error?: string;
}

/** A topic's rates, summed over the brokers that were scraped. */
export interface TopicRates extends IoRates {
  topic: string;
}

/** The byte rates the console shows (kafbat's bytesInPerSec/bytesOutPerSec), read from the brokers' exporters. */
export interface RatesStatus {
  cluster: IoRates;
  brokers: BrokerRates[];
  topics: TopicRates[];
}

export type QuorumRole = "leader" | "follower" | "observer";

export interface QuorumNode {
  nodeId: number;
  role: QuorumRole;
  logEndOffset: number;
  /** Records of the metadata log the node is behind the leader. */
  lag: number;
  /** Milliseconds since the leader last heard from the node (relative, as the tool prints them). */
  lastFetchMsAgo?: number;
  lastCaughtUpMsAgo?: number;
}

export interface QuorumStatus {
  /** Voters (leader and followers) then observers, as kafka-metadata-quorum describe --replication lists them. */
  nodes: QuorumNode[];
}

export interface PartitionStatus {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Earliest and latest offsets (low and high watermark), when read. */
  earliestOffset?: string;
  latestOffset?: string;
}

export interface TopicStatus {
  name: string;
  /** Kafka's own topics (__consumer_offsets, __transaction_state, …). */
  internal: boolean;
  /** Declared by the stack (its topicNames output). */
  declared: boolean;
  partitions: PartitionStatus[];
  /** The topic's key configs (min.insync.replicas, retention.ms, cleanup.policy) and, for describe, its overrides. */
  configs: Record<string, string>;
  /** Why the partitions' offsets could not be read (e.g. a leader is down), when they could not. */
  offsetsError?: string;
}

export interface GroupTopicLag {
  topic: string;
  partitions: number;
  /** Partitions with a committed offset; the others are not counted in `lag`. */
  committedPartitions: number;
  /**
   * Σ (latest offset − committed offset) over the partitions with a committed offset; null when a latest offset of
   * one of them could not be read, since a sum without it would understate the lag.
   */
  lag: number | null;
  /** Why `lag` is unknown, when it is. */
  lagUnknown?: string;
}

export interface GroupStatus {
  groupId: string;
  state: string;
  members: number;
  topics: GroupTopicLag[];
}

export interface ClusterSnapshot {
  stack: string;
  clusterName?: string;
  clusterId?: string;
  hostBootstrapServers: string;
  internalBootstrapServers: string;
  /** The stack's security output (absent from stacks older than it). */
  security?: "plaintext" | "sasl_ssl";
  uiUrl?: string;
  /** The topics the stack declares (its topicNames output). */
  declaredTopics: string[];
  brokers: BrokerStatus[];
  quorum?: QuorumStatus;
  /** Why the quorum could not be read (a sentence fragment), when it could not. */
  quorumError?: string;
  /** Why Kafka could not be read, when it could not; topics and groups are then empty. */
  kafkaError?: string;
  topics: TopicStatus[];
  groups: GroupStatus[];
  /** Byte rates, when metrics are on and at least one exporter answered. */
  rates?: RatesStatus;
  /** Why there are no rates (metrics off, no exporter answered), when there are none. */
  ratesUnavailable?: string;
}
