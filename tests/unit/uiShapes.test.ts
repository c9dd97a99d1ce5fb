import {
  clusterVersion,
  controllerType,
  describeError,
  initializingState,
  offlineState,
  onlineState,
  partitionsStats,
  toBrokerDtos,
  toClusterDto,
  toClusterStatsDto,
} from "../../ui/clusterShapes";
import { ClusterConfig } from "../../ui/config";
import {
  consumerLag,
  coordinatorFor,
  coordinatorPartition,
  groupPartitions,
  groupState,
  isConsumerGroup,
  javaStringHash,
  partitionLag,
  selectConsumerGroupsPage,
  toConsumerGroupDetailsDto,
  toConsumerGroupDto,
} from "../../ui/groupShapes";
import { ClusterSnapshot, ConfigEntry, ConsumerGroupDto, GroupSnapshot, PartitionMetadata, TopicMetadata } from "../../ui/model";
import {
  cleanUpPolicy,
  defaultValue,
  isInternalTopic,
  messagesCount,
  selectTopicsPage,
  toTopicConfigDtos,
  toTopicDetailsDto,
  toTopicDto,
} from "../../ui/topicShapes";

const partition = (partitionId: number, leader: number, replicas: number[], isr: number[]): PartitionMetadata => ({
  partitionId,
  leader,
  replicas,
  isr,
});
const topic = (name: string, ...partitions: PartitionMetadata[]): TopicMetadata => ({ name, partitions });
const entry = (configName: string, configValue: string | null, configSource: number, synonyms: [string, string, number][] = []): ConfigEntry => ({
  configName,
  configValue,
  configSource,
  isSensitive: false,
  readOnly: false,
  configSynonyms: synonyms.map(([name, value, source]) => ({ configName: name, configValue: value, configSource: source })),
});

const kraftConfig = [entry("inter.broker.protocol.version", "3.6-IV2", 5), entry("process.roles", "broker,controller", 4)];
const videos = topic("dbserver.public.videos", partition(1, 1, [1], [1]), partition(0, 1, [1], [1]), partition(2, 1, [1], [1]));
const offsetsTopic = topic("__consumer_offsets", ...Array.from({ length: 50 }, (_, i) => partition(i, 1, [1], [1])));
const snapshot: ClusterSnapshot = {
  brokers: [{ nodeId: 1, host: "kb", port: 29092 }],
  controller: 1,
  clusterId: "abc",
  topics: [videos, offsetsTopic],
  brokerConfig: kraftConfig,
};
const cluster: ClusterConfig = { name: "local", bootstrapServers: ["kb:29092"], readOnly: false, connection: {}, connects: [], metrics: null };

describe("cluster shapes", () => {
  test.each([
    [kraftConfig, "3.6-IV2"],
    [[entry("log.message.format.version", "3.0", 5), entry("inter.broker.protocol.version", "2.8-IV1", 4)], "2.8-IV1"],
    [[], "1.0-UNKNOWN"],
  ])("clusterVersion %#", (config, expected) => {
    expect(clusterVersion(config)).toBe(expected);
  });

  test.each([
    [kraftConfig, "KRAFT"],
    [[entry("process.roles", "", 5), entry("zookeeper.connect", "zk:2181", 4)], "ZOOKEEPER"],
    [[entry("process.roles", null, 5)], "UNKNOWN"],
    [[], "UNKNOWN"],
  ])("controllerType %#", (config, expected) => {
    expect(controllerType(config)).toBe(expected);
  });

  test("partitionsStats counts offline, out-of-sync and under-replicated partitions", () => {
    const topics = [
      topic("a", partition(0, 1, [1, 2, 3], [1, 2, 3]), partition(1, 2, [2, 3, 1], [2])),
      topic("b", partition(0, -1, [3], [])),
    ];
    expect(partitionsStats(topics)).toEqual({
      partitionsCount: 3,
      replicasCount: 7,
      onlinePartitionCount: 2,
      offlinePartitionCount: 1,
      inSyncReplicasCount: 4,
      outOfSyncReplicasCount: 3,
      underReplicatedPartitionCount: 2,
    });
  });

  test("an ONLINE cluster reports what the snapshot holds", () => {
    expect(toClusterDto({ ...cluster, readOnly: true }, onlineState(snapshot, 5))).toEqual({
      name: "local",
      defaultCluster: null,
      status: "ONLINE",
      lastError: null,
      brokerCount: 1,
      onlinePartitionCount: 53,
      topicCount: 2,
      bytesInPerSec: null,
      bytesOutPerSec: null,
      readOnly: true,
      version: "3.6-IV2",
      features: [],
      controller: "KRAFT",
    });
  });

  test.each([
    [initializingState, "INITIALIZING", null],
    [offlineState(new Error("Connection error: connect ECONNREFUSED"), 5), "OFFLINE", { message: "Connection error: connect ECONNREFUSED", stackTrace: "Error: Connection error: connect ECONNREFUSED" }],
  ])("a cluster without a snapshot reports kafbat's empty statistics (%#)", (state, status, lastError) => {
    expect(toClusterDto(cluster, state)).toEqual({
      name: "local",
      defaultCluster: null,
      status,
      lastError,
      brokerCount: 0,
      onlinePartitionCount: 0,
      topicCount: 0,
      bytesInPerSec: null,
      bytesOutPerSec: null,
      readOnly: false,
      version: "Unknown",
      features: [],
      controller: null,
    });
    expect(toClusterStatsDto(state).activeControllers).toBeNull();
    expect(toBrokerDtos(state.snapshot)).toEqual([]);
  });

  test("stats carry the controller and partition counts", () => {
    expect(toClusterStatsDto(onlineState(snapshot, 5))).toEqual({
      brokerCount: 1,
      activeControllers: 1,
      onlinePartitionCount: 53,
      offlinePartitionCount: 0,
      inSyncReplicasCount: 53,
      outOfSyncReplicasCount: 0,
      underReplicatedPartitionCount: 0,
      diskUsage: [],
      version: "3.6-IV2",
    });
  });

  test("describeError follows kafkajs's wrapped causes", () => {
    const inner = new Error("getaddrinfo ENOTFOUND kb");
    const outer = Object.assign(new Error("Connection error: getaddrinfo ENOTFOUND kb"), { name: "KafkaJSConnectionError" });
    const top = Object.assign(new Error("Connection error: getaddrinfo ENOTFOUND kb"), { name: "KafkaJSNumberOfRetriesExceeded", cause: outer });
    (outer as unknown as { originalError: Error }).originalError = inner;
    expect(describeError(top)).toEqual({
      message: "Connection error: getaddrinfo ENOTFOUND kb",
      stackTrace: [
        "KafkaJSNumberOfRetriesExceeded: Connection error: getaddrinfo ENOTFOUND kb",
        "caused by KafkaJSConnectionError: Connection error: getaddrinfo ENOTFOUND kb",
        "caused by Error: getaddrinfo ENOTFOUND kb",
      ].join("\n"),
    });
    expect(describeError("plain")).toEqual({ message: "plain", stackTrace: "plain" });
  });

  const threeBrokers: ClusterSnapshot = {
    ...snapshot,
    brokers: [3, 1, 2].map((nodeId) => ({ nodeId, host: `b${nodeId}`, port: 9092 })),
    topics: [topic("t", partition(0, 1, [1, 2], [1, 2]), partition(1, 1, [1, 3], [1]), partition(2, 2, [2, 1], [2, 1]))],
  };

  test("brokers: partitions, leaders and in-sync counts per broker, no skew below 50 partitions", () => {
    expect(toBrokerDtos(threeBrokers).map((b) => [b.id, b.host, b.partitions, b.partitionsLeader, b.inSyncPartitions, b.partitionsSkew, b.leadersSkew])).toEqual([
      [1, "b1", 3, 2, 3, null, null],
      [2, "b2", 2, 1, 2, null, null],
      [3, "b3", 1, null, null, null, null],
    ]);
  });

  test("brokers: skew in percent from the average, rounded half away from zero", () => {
    // replicas 3/2/1 (average 2) and leaders 2/1 (average 1.5 over brokers that lead)
    expect(toBrokerDtos(threeBrokers, 1).map((b) => [b.id, b.partitionsSkew, b.leadersSkew])).toEqual([
      [1, 50, 33.3],
      [2, 0, -33.3],
      [3, -50, -100],
    ]);
  });
});

describe("topic shapes", () => {
  test.each([
    ["__consumer_offsets", true],
    ["_schemas", true],
    ["dbserver.public.users", false],
    ["connect_offsets", false],
  ])("isInternalTopic(%s)", (name, internal) => {
    expect(isInternalTopic(name)).toBe(internal);
  });

  test.each([
    ["delete", "DELETE"],
    ["compact", "COMPACT"],
    ["compact,delete", "COMPACT_DELETE"],
    ["delete, compact", "COMPACT_DELETE"],
    ["weird", "UNKNOWN"],
    [undefined, "UNKNOWN"],
  ])("cleanUpPolicy(%s)", (value, expected) => {
    expect(cleanUpPolicy(value)).toBe(expected);
  });

  test("a topic with its partitions ordered, replicas marked leader/in-sync, offsets and message count", () => {
    const t = topic("dbserver.public.users", partition(1, 2, [2, 1], [2]), partition(0, 1, [1, 2], [1, 2]));
    const offsets = [
      { partition: 0, low: 0, high: 10 },
      { partition: 1, low: 4, high: 6 },
    ];
    expect(toTopicDto(t, offsets, [entry("cleanup.policy", "delete", 1)])).toEqual({
      name: "dbserver.public.users",
      internal: false,
      partitionCount: 2,
      replicationFactor: 2,
      replicas: 4,
      inSyncReplicas: 3,
      segmentSize: null,
      segmentCount: null,
      bytesInPerSec: null,
      bytesOutPerSec: null,
      underReplicatedPartitions: 1,
      messagesCount: 12,
      cleanUpPolicy: "DELETE",
      partitions: [
        {
          partition: 0,
          leader: 1,
          replicas: [
            { broker: 1, leader: true, inSync: true },
            { broker: 2, leader: false, inSync: true },
          ],
          offsetMax: 10,
          offsetMin: 0,
        },
        {
          partition: 1,
          leader: 2,
          replicas: [
            { broker: 2, leader: true, inSync: true },
            { broker: 1, leader: false, inSync: false },
          ],
          offsetMax: 6,
          offsetMin: 4,
        },
      ],
    });
  });

  test("topic details: no messagesCount, serdes null, leaderless partition and unknown offsets as null", () => {
    const details = toTopicDetailsDto(topic("x", partition(0, -1, [1], [])), undefined, []);
    expect(details).not.toHaveProperty("messagesCount");
    expect(details).toMatchObject({ keySerde: null, valueSerde: null, cleanUpPolicy: "UNKNOWN", replicationFactor: 1, underReplicatedPartitions: 1 });
    expect(details.partitions).toEqual([{ partition: 0, leader: null, replicas: [{ broker: 1, leader: false, inSync: false }], offsetMax: null, offsetMin: null }]);
  });

  const p = (offsetMin: number | null, offsetMax: number | null) => ({ partition: 0, leader: 1, replicas: [], offsetMin, offsetMax });
  test.each([
    ["DELETE" as const, [p(0, 10), p(5, 7)], 12],
    ["UNKNOWN" as const, [p(0, 3), p(null, 9)], 3],
    ["COMPACT" as const, [p(0, 10)], null],
    ["COMPACT_DELETE" as const, [p(0, 10)], null],
    ["DELETE" as const, [], 0],
  ])("messagesCount(%s) %#", (policy, partitions, expected) => {
    expect(messagesCount(policy, partitions)).toBe(expected);
  });

  const listing = [
    topic("b", partition(0, 1, [1], [1])),
    topic("__consumer_offsets", partition(0, 1, [1], [1])),
    topic("a", partition(0, 1, [1], [1]), partition(1, 1, [1], [1])),
    topic("C", partition(0, 1, [1, 2], [1])),
  ];
  const query = { page: 1, perPage: 25, showInternal: false, search: null, orderBy: "NAME" as const, sortOrder: "ASC" as const };
  test.each([
    [{}, ["C", "a", "b"], 1],
    [{ showInternal: true }, ["C", "__consumer_offsets", "a", "b"], 1],
    [{ sortOrder: "DESC" as const }, ["b", "a", "C"], 1],
    [{ search: "c" }, ["C"], 1],
    [{ orderBy: "TOTAL_PARTITIONS" as const, sortOrder: "DESC" as const }, ["a", "b", "C"], 1],
    [{ orderBy: "OUT_OF_SYNC_REPLICAS" as const }, ["a", "b", "C"], 1],
    [{ orderBy: "REPLICATION_FACTOR" as const }, ["a", "b", "C"], 1],
    [{ orderBy: "SIZE" as const }, ["C", "a", "b"], 1],
    [{ perPage: 2 }, ["C", "a"], 2],
    [{ perPage: 2, page: 2 }, ["b"], 2],
    [{ perPage: 2, page: 3 }, [], 2],
  ])("selectTopicsPage %j", (overrides, names, pageCount) => {
    expect(selectTopicsPage(listing, { ...query, ...overrides })).toEqual({ names, pageCount });
  });

  test.each([
    [entry("retention.ms", "604800000", 5), "604800000"],
    [entry("min.insync.replicas", "1", 1, [["min.insync.replicas", "1", 1], ["min.insync.replicas", "2", 4]]), "2"],
    [entry("retention.ms", "1000", 1, [["retention.ms", "1000", 1], ["log.retention.ms", "5", 4], ["log.retention.hours", "168", 5]]), "5"],
    [entry("cleanup.policy", "compact", 1, [["cleanup.policy", "compact", 1]]), null],
  ])("defaultValue %#", (config, expected) => {
    expect(defaultValue(config)).toBe(expected);
  });

  test("topic configs in kafbat's shape with Java's source names", () => {
    const configs = toTopicConfigDtos([
      { ...entry("min.insync.replicas", "1", 1, [["min.insync.replicas", "1", 1], ["min.insync.replicas", "2", 4]]), readOnly: true },
      { ...entry("sasl.jaas.config", null, 9), isSensitive: true },
    ]);
    expect(configs).toEqual([
      {
        name: "min.insync.replicas",
        value: "1",
        defaultValue: "2",
        source: "DYNAMIC_TOPIC_CONFIG",
        isSensitive: false,
        isReadOnly: true,
        synonyms: [
          { name: "min.insync.replicas", value: "1", source: "DYNAMIC_TOPIC_CONFIG" },
          { name: "min.insync.replicas", value: "2", source: "STATIC_BROKER_CONFIG" },
        ],
        doc: null,
      },
      { name: "sasl.jaas.config", value: null, defaultValue: null, source: "UNKNOWN", isSensitive: true, isReadOnly: false, synonyms: [], doc: null },
    ]);
  });
});

describe("consumer group shapes", () => {
  test.each([
    ["", 0, 0],
    ["a", 97, 47],
    ["hello", 99162322, 22],
    ["cdc-sink", -2120006306, 6],
    ["polygenelubricants", -2147483648, 0],
  ])("javaStringHash(%j) and its __consumer_offsets partition of 50", (groupId, hash, partitionOf50) => {
    expect(javaStringHash(groupId)).toBe(hash);
    expect(coordinatorPartition(groupId, 50)).toBe(partitionOf50);
  });

  test.each([
    ["Stable", "STABLE"],
    ["Empty", "EMPTY"],
    ["PreparingRebalance", "PREPARING_REBALANCE"],
    ["CompletingRebalance", "COMPLETING_REBALANCE"],
    ["Dead", "DEAD"],
    ["Unknown", "UNKNOWN"],
    ["Assigning", "UNKNOWN"],
  ])("groupState(%s)", (state, expected) => {
    expect(groupState(state)).toBe(expected);
  });

  test.each([
    ["consumer", true],
    ["", true],
    ["connect", false],
  ])("isConsumerGroup(%j)", (protocolType, expected) => {
    expect(isConsumerGroup(protocolType)).toBe(expected);
  });

  test.each([
    [5, 12, 7],
    [12, 12, 0],
    [undefined, 12, null],
    [5, undefined, null],
  ])("partitionLag(%s, %s)", (committed, end, expected) => {
    expect(partitionLag(committed, end)).toBe(expected);
  });

  const group = (overrides: Partial<GroupSnapshot> = {}): GroupSnapshot => ({
    description: {
      groupId: "cdc-sink",
      protocolType: "consumer",
      protocol: "RoundRobinAssigner",
      state: "Stable",
      members: [{ memberId: "m-1", clientId: "c", clientHost: "/10.0.0.9", assignment: { "dbserver.public.videos": [0, 1, 2] } }],
    },
    offsets: [
      { topic: "dbserver.public.videos", partition: 0, offset: 3 },
      { topic: "dbserver.public.videos", partition: 1, offset: 5 },
      { topic: "dbserver.public.users", partition: 0, offset: 1 },
    ],
    endOffsets: { "dbserver.public.videos:0": 10, "dbserver.public.videos:1": 5, "dbserver.public.videos:2": 4 },
    ...overrides,
  });

  test.each([
    [group(), 7],
    [group({ offsets: [] }), null],
    [group({ endOffsets: {} }), 0],
  ])("consumerLag %#: null without commits, unknown end offsets count 0", (g, expected) => {
    expect(consumerLag(g)).toBe(expected);
  });

  test("a group in kafbat's shape, coordinator from its __consumer_offsets partition leader", () => {
    const coordinator = coordinatorFor("cdc-sink", snapshot);
    expect(coordinator).toMatchObject({ id: 1, host: "kb", port: 29092, partitions: null });
    expect(toConsumerGroupDto(group(), coordinator)).toEqual({
      groupId: "cdc-sink",
      members: 1,
      topics: 2,
      simple: false,
      partitionAssignor: "RoundRobinAssigner",
      state: "STABLE",
      coordinator,
      consumerLag: 7,
    });
    expect(coordinatorFor("cdc-sink", { ...snapshot, topics: [videos] })).toBeNull();
    expect(coordinatorFor("cdc-sink", null)).toBeNull();
  });

  test("partitions: committed ones with lag, assigned ones without commits, sorted by topic and partition", () => {
    expect(groupPartitions(group())).toEqual([
      { topic: "dbserver.public.users", partition: 0, currentOffset: 1, endOffset: 0, consumerLag: 0, consumerId: null, host: null },
      { topic: "dbserver.public.videos", partition: 0, currentOffset: 3, endOffset: 10, consumerLag: 7, consumerId: "m-1", host: "/10.0.0.9" },
      { topic: "dbserver.public.videos", partition: 1, currentOffset: 5, endOffset: 5, consumerLag: 0, consumerId: "m-1", host: "/10.0.0.9" },
      { topic: "dbserver.public.videos", partition: 2, currentOffset: null, endOffset: null, consumerLag: null, consumerId: "m-1", host: "/10.0.0.9" },
    ]);
    const simple = group({ description: { ...group().description, protocolType: "", protocol: "", state: "Empty", members: [] } });
    expect(toConsumerGroupDetailsDto(simple, null)).toMatchObject({ simple: true, state: "EMPTY", members: 0, topics: 2, coordinator: null });
  });

  const dto = (groupId: string, members: number, state: ConsumerGroupDto["state"], consumerLag: number | null, topics: number): ConsumerGroupDto => ({
    groupId,
    members,
    topics,
    simple: false,
    partitionAssignor: "range",
    state,
    coordinator: null,
    consumerLag,
  });
  const groups = [dto("b", 2, "EMPTY", 10, 1), dto("a", 1, "STABLE", null, 3), dto("c", 2, "DEAD", 4, 2)];
  const groupQuery = { page: 1, perPage: 25, search: null, orderBy: "NAME" as const, sortOrder: "ASC" as const };
  test.each([
    [{}, ["a", "b", "c"], 1],
    [{ sortOrder: "DESC" as const }, ["c", "b", "a"], 1],
    [{ orderBy: "MEMBERS" as const }, ["a", "b", "c"], 1],
    [{ orderBy: "STATE" as const }, ["a", "b", "c"], 1],
    [{ orderBy: "MESSAGES_BEHIND" as const, sortOrder: "DESC" as const }, ["b", "c", "a"], 1],
    [{ orderBy: "TOPIC_NUM" as const }, ["b", "c", "a"], 1],
    [{ search: "B" }, ["b"], 1],
    [{ perPage: 2, page: 2 }, ["c"], 2],
  ])("selectConsumerGroupsPage %j", (overrides, ids, pageCount) => {
    const page = selectConsumerGroupsPage(groups, { ...groupQuery, ...overrides });
    expect(page.consumerGroups.map((g) => g.groupId)).toEqual(ids);
    expect(page.pageCount).toBe(pageCount);
  });
});
