// Cluster-level answers (/api/clusters, /stats, /brokers) shaped from the last scheduled snapshot, as kafbat
// derives them from its statistics cache.
import { ClusterConfig } from "./config";
import { BrokerMetrics, brokerRates, clusterRates } from "./metrics";
import {
  BrokerDto,
  BrokerNode,
  ClusterDto,
  ClusterSnapshot,
  ClusterStatsDto,
  ConfigEntry,
  ControllerType,
  MetricsCollectionError,
  ServerStatus,
  TopicMetadata,
} from "./model";

/** What the console knows about one cluster between refreshes. */
export interface ClusterState {
  status: ServerStatus;
  /** The last successful snapshot while ONLINE; null while INITIALIZING or OFFLINE (kafbat empties it too). */
  snapshot: ClusterSnapshot | null;
  lastError: MetricsCollectionError | null;
  /** When the state was last decided (ms since epoch); null before the first refresh. */
  updatedAt: number | null;
  /** Series scraped from each broker's exporter at the last refresh; null when metrics are not configured or OFFLINE. */
  metrics: BrokerMetrics | null;
}

export const initializingState: ClusterState = { status: "INITIALIZING", snapshot: null, lastError: null, updatedAt: null, metrics: null };

export function onlineState(snapshot: ClusterSnapshot, now: number, metrics: BrokerMetrics | null = null): ClusterState {
  return { status: "ONLINE", snapshot, lastError: null, updatedAt: now, metrics };
}

export function offlineState(error: unknown, now: number): ClusterState {
  return { status: "OFFLINE", snapshot: null, lastError: describeError(error), updatedAt: now, metrics: null };
}

/**
 * kafbat sends the exception's message and Java stack trace; a Node stack says nothing useful to an operator, so
 * `stackTrace` carries the chain of causes (kafkajs wraps the socket error that says what actually went wrong).
 */
export function describeError(error: unknown): MetricsCollectionError {
  const chain: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      chain.push(`${current.name}: ${current.message}`);
      current = (current as { cause?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
    } else {
      chain.push(String(current));
      break;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, stackTrace: chain.length > 0 ? chain.join("\ncaused by ") : null };
}

function configValue(entries: ConfigEntry[], name: string): string | undefined {
  return entries.find((entry) => entry.configName === name)?.configValue ?? undefined;
}

/** kafbat reads the version from the broker's inter.broker.protocol.version (e.g. 3.6-IV2), else "1.0-UNKNOWN". */
export function clusterVersion(brokerConfig: ConfigEntry[]): string {
  return brokerConfig.find((entry) => entry.configName.includes("inter.broker.protocol.version"))?.configValue ?? "1.0-UNKNOWN";
}

/** A KRaft node has process.roles; a ZooKeeper-mode broker has zookeeper.connect instead. */
export function controllerType(brokerConfig: ConfigEntry[]): ControllerType {
  if ((configValue(brokerConfig, "process.roles") ?? "").trim() !== "") return "KRAFT";
  if ((configValue(brokerConfig, "zookeeper.connect") ?? "").trim() !== "") return "ZOOKEEPER";
  return "UNKNOWN";
}

export interface PartitionsStats {
  partitionsCount: number;
  replicasCount: number;
  onlinePartitionCount: number;
  offlinePartitionCount: number;
  inSyncReplicasCount: number;
  outOfSyncReplicasCount: number;
  underReplicatedPartitionCount: number;
}

/** Sums over every partition of the given topics, as kafbat's PartitionsStats. */
export function partitionsStats(topics: TopicMetadata[]): PartitionsStats {
  const stats: PartitionsStats = {
    partitionsCount: 0,
    replicasCount: 0,
    onlinePartitionCount: 0,
    offlinePartitionCount: 0,
    inSyncReplicasCount: 0,
    outOfSyncReplicasCount: 0,
    underReplicatedPartitionCount: 0,
  };
  for (const partition of topics.flatMap((topic) => topic.partitions)) {
    stats.partitionsCount++;
    stats.replicasCount += partition.replicas.length;
    if (partition.leader >= 0) stats.onlinePartitionCount++;
    else stats.offlinePartitionCount++;
    stats.inSyncReplicasCount += partition.isr.length;
    stats.outOfSyncReplicasCount += partition.replicas.length - partition.isr.length;
    if (partition.replicas.length > partition.isr.length) stats.underReplicatedPartitionCount++;
  }
  return stats;
}

export function toClusterDto(cluster: ClusterConfig, state: ClusterState): ClusterDto {
  const snapshot = state.snapshot;
  const stats = partitionsStats(snapshot?.topics ?? []);
  const rates = clusterRates(state.metrics);
  return {
    name: cluster.name,
    defaultCluster: null,
    status: state.status,
    lastError: state.lastError,
    brokerCount: snapshot?.brokers.length ?? 0,
    onlinePartitionCount: stats.onlinePartitionCount,
    topicCount: snapshot?.topics.length ?? 0,
    bytesInPerSec: rates.bytesInPerSec,
    bytesOutPerSec: rates.bytesOutPerSec,
    readOnly: cluster.readOnly,
    version: snapshot ? clusterVersion(snapshot.brokerConfig) : "Unknown",
    features: cluster.connects.length > 0 ? ["KAFKA_CONNECT"] : [],
    controller: snapshot ? controllerType(snapshot.brokerConfig) : null,
  };
}

export function toClusterStatsDto(state: ClusterState): ClusterStatsDto {
  const snapshot = state.snapshot;
  const stats = partitionsStats(snapshot?.topics ?? []);
  return {
    brokerCount: snapshot?.brokers.length ?? 0,
    activeControllers: snapshot?.controller ?? null,
    onlinePartitionCount: stats.onlinePartitionCount,
    offlinePartitionCount: stats.offlinePartitionCount,
    inSyncReplicasCount: stats.inSyncReplicasCount,
    outOfSyncReplicasCount: stats.outOfSyncReplicasCount,
    underReplicatedPartitionCount: stats.underReplicatedPartitionCount,
    diskUsage: [],
    version: snapshot ? clusterVersion(snapshot.brokerConfig) : "Unknown",
  };
}

/** kafbat computes skew only from 50 partitions up: on fewer the average says nothing. */
export const minPartitionsForSkew = 50;

function count(map: Map<number, number>, brokerId: number): void {
  map.set(brokerId, (map.get(brokerId) ?? 0) + 1);
}

function skew(value: number | undefined, average: number, enabled: boolean): number | null {
  if (!enabled || average === 0) return null;
  const percent = (((value ?? 0) - average) / average) * 100;
  // One decimal, halves away from zero (Java's RoundingMode.HALF_UP), as kafbat rounds.
  return (Math.sign(percent) * Math.round(Math.abs(percent) * 10)) / 10 || 0;
}

function average(map: Map<number, number>): number {
  return map.size === 0 ? 0 : [...map.values()].reduce((sum, n) => sum + n, 0) / map.size;
}

/** Brokers with how many partitions each hosts, leads and has in sync, as kafbat's PartitionDistributionStats. */
export function toBrokerDtos(snapshot: ClusterSnapshot | null, minPartitions = minPartitionsForSkew, metrics: BrokerMetrics | null = null): BrokerDto[] {
  if (!snapshot) return [];
  const replicas = new Map<number, number>();
  const leaders = new Map<number, number>();
  const inSync = new Map<number, number>();
  let partitionCount = 0;
  for (const partition of snapshot.topics.flatMap((topic) => topic.partitions)) {
    partitionCount++;
    partition.replicas.forEach((id) => count(replicas, id));
    partition.isr.forEach((id) => count(inSync, id));
    if (partition.leader >= 0) count(leaders, partition.leader);
  }
  const skewEnabled = partitionCount >= minPartitions;
  return [...snapshot.brokers]
    .sort((a, b) => a.nodeId - b.nodeId)
    .map((node: BrokerNode) => ({
      id: node.nodeId,
      host: node.host,
      port: node.port,
      ...(metrics?.[node.nodeId] ? brokerRates(metrics[node.nodeId]) : { bytesInPerSec: null, bytesOutPerSec: null }),
      partitionsLeader: leaders.get(node.nodeId) ?? null,
      partitions: replicas.get(node.nodeId) ?? null,
      inSyncPartitions: inSync.get(node.nodeId) ?? null,
      partitionsSkew: skew(replicas.get(node.nodeId), average(replicas), skewEnabled),
      leadersSkew: skew(leaders.get(node.nodeId), average(leaders), skewEnabled),
    }));
}
