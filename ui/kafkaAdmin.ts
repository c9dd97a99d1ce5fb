// The console's only contact with Kafka: kafkajs's admin client behind a small interface, so a KafkaJS-compatible
// client could replace it and the shaping code never sees kafkajs types.
import { Admin, AssignerProtocol, ConfigResourceTypes, Kafka, KafkaConfig, logLevel } from "kafkajs";
import { ClusterConfig } from "./config";
import { isConsumerGroup } from "./groupShapes";
import {
  ClusterSnapshot,
  CommittedOffset,
  ConfigEntry,
  GroupDescription,
  GroupMember,
  GroupSnapshot,
  KafkaRecord,
  OffsetRange,
  PartitionOffsets,
  TopicMetadata,
} from "./model";

export interface ClusterReader {
  /** Brokers, controller, all topics' metadata and the version-bearing broker configs. */
  snapshot(): Promise<ClusterSnapshot>;
  /** Metadata of every topic, internal ones included. */
  topics(): Promise<TopicMetadata[]>;
  /** Earliest and end offsets per partition of the named (existing) topics. */
  offsets(topicNames: string[]): Promise<Record<string, PartitionOffsets[]>>;
  configs(topicNames: string[]): Promise<Record<string, ConfigEntry[]>>;
  /** Every consumer group, or only those named, with committed and end offsets. */
  consumerGroups(groupIds?: string[]): Promise<GroupSnapshot[]>;
  /** Per partition, the first offset whose timestamp is at or after `timestamp` (null: no record that recent). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<Record<number, number | null>>;
  /** The records of each range (control records left out); never joins a group or commits anything. */
  readRecords(topic: string, ranges: OffsetRange[]): Promise<KafkaRecord[]>;
  /** Start the next call on a fresh connection; calls under way finish on the old one. */
  recycle(): void;
  close(): Promise<void>;
}

export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineError";
  }
}

/** Rejects when `promise` has not settled within `ms`, so no HTTP request waits on Kafka longer than that. */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

interface Session {
  admin: Admin;
  connected: Promise<void>;
  inFlight: number;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

/**
 * How long an idle session stays connected, so one page refresh (a burst of requests) shares a connection. Not
 * longer: kafkajs 2.2.4's RequestQueue re-arms a 1 ms timer for as long as a connection is open, even when idle
 * (measured: ≈ 40 ms of CPU per second for an idle console that kept its connection).
 */
export const idleDisconnectMs = 1000;

const uniq = (values: string[]): string[] => [...new Set(values)];

function decodeAssignment(buffer: Buffer | null | undefined): Record<string, number[]> {
  if (!buffer || buffer.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(buffer)?.assignment ?? {};
  } catch {
    // A client with another assignment format: its members still count, their partitions are just not shown.
    return {};
  }
}

/**
 * kafkajs's admin with retries off and short timeouts: the console must report an unreachable broker within
 * seconds rather than retry for a minute. Sessions are closed when idle, and recycled on every failure and every
 * scheduled refresh, because a kafkajs admin remembers every topic it was asked about and fails its metadata
 * refreshes once one of them is deleted.
 */
export class KafkajsClusterReader implements ClusterReader {
  private current: Session | undefined;
  private readonly kafka: Kafka;

  constructor(
    private readonly cluster: ClusterConfig,
    private readonly timeoutMs: number,
  ) {
    this.kafka = new Kafka({
      clientId: "cdc-kafka-ui",
      brokers: cluster.bootstrapServers,
      // The mechanism is one of KafkaJS's own names, which its union type cannot see through.
      ...(cluster.connection as Pick<KafkaConfig, "ssl" | "sasl">),
      connectionTimeout: Math.max(500, Math.round(timeoutMs / 3)),
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
      // State changes are logged once by the monitor; kafkajs would log every failed attempt.
      logLevel: logLevel.NOTHING,
    });
  }

  private session(): Session {
    if (!this.current || this.current.retired) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      const session: Session = { admin, connected: admin.connect(), inFlight: 0, retired: false };
      // A failed connect is reported by the call that awaits it; this only keeps it from being "unhandled".
      session.connected.catch(() => undefined);
      this.current = session;
    }
    return this.current;
  }

  private retire(session: Session): void {
    session.retired = true;
    clearTimeout(session.idleTimer);
    if (session.inFlight === 0) session.admin.disconnect().catch(() => undefined);
  }

  private async use<T>(what: string, work: (admin: Admin) => Promise<T>): Promise<T> {
    const session = this.session();
    clearTimeout(session.idleTimer);
    session.inFlight++;
    try {
      const servers = this.cluster.bootstrapServers.join(",");
      return await withDeadline(
        session.connected.then(() => work(session.admin)),
        this.timeoutMs + 1000,
        `Kafka at ${servers} did not answer ${what} within ${this.timeoutMs + 1000} ms; check that the broker is up and reachable from the console.`,
      );
    } catch (error) {
      session.retired = true;
      throw error;
    } finally {
      session.inFlight--;
      if (session.retired) this.retire(session);
      else if (session.inFlight === 0) session.idleTimer = setTimeout(() => this.retire(session), idleDisconnectMs);
    }
  }

  recycle(): void {
    if (this.current) this.retire(this.current);
  }

  async close(): Promise<void> {
    const session = this.current;
    this.current = undefined;
    if (session) await session.admin.disconnect().catch(() => undefined);
  }

  snapshot(): Promise<ClusterSnapshot> {
    return this.use("a cluster description", async (admin) => {
      const description = await admin.describeCluster();
      const { topics } = await admin.fetchTopicMetadata();
      const configBroker = description.controller ?? description.brokers[0]?.nodeId;
      let brokerConfig: ConfigEntry[] = [];
      if (configBroker !== undefined) {
        // kafbat also carries on without them (some managed Kafka services refuse DescribeConfigs on brokers).
        brokerConfig = await admin
          .describeConfigs({
            resources: [
              {
                type: ConfigResourceTypes.BROKER,
                name: String(configBroker),
                configNames: ["inter.broker.protocol.version", "process.roles", "zookeeper.connect"],
              },
            ],
            includeSynonyms: false,
          })
          .then((result) => result.resources[0]?.configEntries ?? [])
          .catch(() => []);
      }
      return {
        brokers: description.brokers,
        controller: description.controller,
        clusterId: description.clusterId ?? null,
        topics: topics.map(toTopicMetadata),
        brokerConfig,
      };
    });
  }

  topics(): Promise<TopicMetadata[]> {
    // Never ask for one topic by name: metadata for all topics is as cheap and cannot touch a missing topic.
    return this.use("a topic listing", async (admin) => (await admin.fetchTopicMetadata()).topics.map(toTopicMetadata));
  }

  offsets(topicNames: string[]): Promise<Record<string, PartitionOffsets[]>> {
    if (topicNames.length === 0) return Promise.resolve({});
    return this.use("a topic offsets request", (admin) => endOffsetsOf(admin, topicNames));
  }

  configs(topicNames: string[]): Promise<Record<string, ConfigEntry[]>> {
    if (topicNames.length === 0) return Promise.resolve({});
    return this.use("a topic configs request", async (admin) => {
      const { resources } = await admin.describeConfigs({
        resources: topicNames.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
        includeSynonyms: true,
      });
      const byName: Record<string, ConfigEntry[]> = {};
      for (const resource of resources) {
        if (resource.errorCode === 0) byName[resource.resourceName] = resource.configEntries as ConfigEntry[];
      }
      return byName;
    });
  }

  offsetsForTimestamp(topic: string, timestamp: number): Promise<Record<number, number | null>> {
    return this.use("an offsets-by-timestamp request", async (admin) => {
      const entries = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
      return Object.fromEntries(entries.map((e) => [e.partition, Number(e.offset) >= 0 ? Number(e.offset) : null]));
    });
  }

  readRecords(topic: string, ranges: OffsetRange[]): Promise<KafkaRecord[]> {
    if (ranges.length === 0) return Promise.resolve([]);
    const servers = this.cluster.bootstrapServers.join(",");
    return withDeadline(
      fetchRanges(this.kafka, topic, ranges),
      this.timeoutMs * 3,
      `Kafka at ${servers} did not return the messages of ${topic} within ${this.timeoutMs * 3} ms; check that the broker is up and reachable from the console.`,
    );
  }

  consumerGroups(groupIds?: string[]): Promise<GroupSnapshot[]> {
    return this.use("a consumer groups request", async (admin) => {
      const ids =
        groupIds ?? (await admin.listGroups()).groups.filter((g) => isConsumerGroup(g.protocolType)).map((g) => g.groupId);
      if (ids.length === 0) return [];
      const [{ groups }, committed] = await Promise.all([
        admin.describeGroups(ids),
        Promise.all(ids.map((groupId) => admin.fetchOffsets({ groupId }))),
      ]);
      const offsetsByGroup = committed.map((topics): CommittedOffset[] =>
        topics.flatMap(({ topic, partitions }) =>
          partitions
            .map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) }))
            // -1: no offset committed for that partition.
            .filter(({ offset }) => offset >= 0),
        ),
      );
      const descriptions = ids.map((id) => toGroupDescription(id, groups.find((g) => g.groupId === id)));
      const topicNames = uniq([
        ...offsetsByGroup.flat().map((o) => o.topic),
        ...descriptions.flatMap((d) => d.members.flatMap((m) => Object.keys(m.assignment))),
      ]);
      const existing = new Set((await admin.fetchTopicMetadata()).topics.map((t) => t.name));
      const ends = await endOffsetsOf(admin, topicNames.filter((name) => existing.has(name)));
      const endOffsets: Record<string, number> = {};
      for (const [topic, partitions] of Object.entries(ends)) {
        for (const p of partitions) endOffsets[`${topic}:${p.partition}`] = p.high;
      }
      return descriptions.map((description, i) => ({ description, offsets: offsetsByGroup[i], endOffsets }));
    });
  }
}

async function endOffsetsOf(admin: Admin, topicNames: string[]): Promise<Record<string, PartitionOffsets[]>> {
  const entries = await Promise.all(
    topicNames.map(async (name) => {
      const partitions = await admin.fetchTopicOffsets(name);
      return [name, partitions.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }))] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function toTopicMetadata(topic: { name: string; partitions: { partitionId: number; leader: number; replicas: number[]; isr: number[] }[] }): TopicMetadata {
  return {
    name: topic.name,
    partitions: topic.partitions.map(({ partitionId, leader, replicas, isr }) => ({ partitionId, leader, replicas, isr })),
  };
}

type KafkajsGroup = Awaited<ReturnType<Admin["describeGroups"]>>["groups"][number];

function toGroupDescription(groupId: string, group: KafkajsGroup | undefined): GroupDescription {
  if (!group) return { groupId, protocolType: "", protocol: "", state: "Unknown", members: [] };
  const members: GroupMember[] = group.members.map((member) => ({
    memberId: member.memberId,
    clientId: member.clientId,
    clientHost: member.clientHost,
    assignment: decodeAssignment(member.memberAssignment),
  }));
  return { groupId, protocolType: group.protocolType, protocol: group.protocol, state: group.state, members };
}

// ---- reading records without a consumer group ----
// kafkajs's consumer always joins a group (which would appear in the console's own group list and be written to
// __consumer_offsets); kafbat reads with an assigned, group-less consumer. So the records are fetched with kafkajs's
// internal Cluster and Fetch request, as its consumer does, on a connection of their own that is closed afterwards.

interface InternalRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | null>;
  isControlRecord: boolean;
  batchContext?: { timestampType?: number };
}

/** Kafka's isolation levels: the console reads only committed records, as the library's consumers do. */
const READ_COMMITTED = 1;

/** An aborted transaction in a fetch answer: from its first offset, the producer's records up to its abort marker. */
interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

// kafkajs's own filter (its consumer's) of the records of aborted transactions, for the group-less fetch below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const filterAbortedMessages: (batch: { messages: InternalRecord[]; abortedTransactions: AbortedTransaction[] }) => InternalRecord[] = require("kafkajs/src/consumer/filterAbortedMessages");

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(args: { nodeId: string }): Promise<{
    fetch(request: object): Promise<{
      responses: { topicName: string; partitions: { partition: number; errorCode: number; messages: InternalRecord[]; abortedTransactions?: AbortedTransaction[] }[] }[];
    }>;
  }>;
}

/** Bytes asked for per partition and fetch: enough for a page of Debezium events without holding much memory. */
const fetchBytesPerPartition = 1024 * 1024;

function internalCluster(kafka: Kafka): InternalCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === "private:Kafka:createCluster");
  if (!symbol) throw new Error("This kafkajs version has no internal Cluster factory; the console is built for kafkajs 2.2.4.");
  const create = (kafka as unknown as Record<symbol, (options: object) => InternalCluster>)[symbol];
  return create({ metadataMaxAge: 300000, allowAutoTopicCreation: false, maxInFlightRequests: null, isolationLevel: READ_COMMITTED });
}

export function toKafkaRecord(partition: number, record: InternalRecord): KafkaRecord {
  const headers: [string, Buffer | null][] = Object.entries(record.headers ?? {}).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((v): [string, Buffer | null] => [key, v]) : [[key, value] as [string, Buffer | null]],
  );
  return {
    partition,
    offset: Number(record.offset),
    timestamp: Number(record.timestamp),
    timestampType: record.batchContext?.timestampType ?? -1,
    key: record.key ?? null,
    value: record.value ?? null,
    headers,
  };
}

async function fetchRanges(kafka: Kafka, topic: string, ranges: OffsetRange[]): Promise<KafkaRecord[]> {
  const cluster = internalCluster(kafka);
  await cluster.connect();
  try {
    await cluster.addTargetTopic(topic);
    const records: KafkaRecord[] = [];
    const next = new Map(ranges.map((r) => [r.partition, r.from]));
    const leaders = cluster.findLeaderForPartitions(topic, ranges.map((r) => r.partition));
    await Promise.all(
      Object.entries(leaders).map(async ([nodeId, partitions]) => {
        const broker = await cluster.findBroker({ nodeId });
        for (let pending = partitions; pending.length > 0; ) {
          const { responses } = await broker.fetch({
            replicaId: -1,
            isolationLevel: READ_COMMITTED,
            maxWaitTime: 0,
            minBytes: 1,
            maxBytes: fetchBytesPerPartition * pending.length,
            topics: [{ topic, partitions: pending.map((partition) => ({ partition, fetchOffset: String(next.get(partition)), maxBytes: fetchBytesPerPartition })) }],
          });
          const progressed: number[] = [];
          for (const { partition, errorCode, messages, abortedTransactions } of responses.flatMap((r) => r.partitions)) {
            if (errorCode !== 0) throw new Error(`Fetching ${topic}-${partition} failed with Kafka error code ${errorCode}.`);
            const range = ranges.find((r) => r.partition === partition)!;
            const start = next.get(partition)!;
            let last = start - 1;
            const committed = new Set(filterAbortedMessages({ messages, abortedTransactions: abortedTransactions ?? [] }));
            for (const message of messages) {
              const record = toKafkaRecord(partition, message);
              // A fetch answers whole batches, which may begin before the offset asked for and end past the range.
              if (record.offset < start || record.offset >= range.to) continue;
              last = Math.max(last, record.offset);
              if (!message.isControlRecord && committed.has(message)) records.push(record);
            }
            // Control records and compaction leave gaps; the batch's last offset still moves the position on.
            const batchEnd = messages.length > 0 ? Math.max(...messages.map((m) => Number(m.offset))) : last;
            if (batchEnd >= start) next.set(partition, Math.max(last, batchEnd) + 1);
            if (batchEnd >= start && next.get(partition)! < range.to) progressed.push(partition);
          }
          pending = progressed;
        }
      }),
    );
    return records;
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
