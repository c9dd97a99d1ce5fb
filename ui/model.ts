// Types on both sides of the console: what the admin client reports (kept independent of kafkajs, so the client can
// be swapped and the shaping code tested without it) and the kafbat DTOs the REST API answers with.

// ---- admin results (kafkajs's shapes, offsets already converted to numbers) ----

export interface BrokerNode {
  nodeId: number;
  host: string;
  port: number;
}

export interface PartitionMetadata {
  partitionId: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

export interface ConfigSynonymEntry {
  configName: string;
  configValue: string | null;
  /** kafkajs's ConfigSource number (1 = topic config, 5 = default, …). */
  configSource: number;
}

export interface ConfigEntry {
  configName: string;
  configValue: string | null;
  configSource: number;
  isSensitive: boolean;
  readOnly: boolean;
  configSynonyms: ConfigSynonymEntry[];
}

/** What one scheduled refresh learns about the cluster. */
export interface ClusterSnapshot {
  brokers: BrokerNode[];
  /** The controller id from Metadata; null when the broker reports none. */
  controller: number | null;
  clusterId: string | null;
  topics: TopicMetadata[];
  /** Configs of the broker the version is read from (empty when they cannot be read). */
  brokerConfig: ConfigEntry[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** topic → partitions assigned to this member. */
  assignment: Record<string, number[]>;
}

export interface GroupDescription {
  groupId: string;
  /** "consumer" for subscribed groups, "" for groups that only commit offsets (kafbat's `simple`). */
  protocolType: string;
  protocol: string;
  /** Kafka's group state name: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, Unknown. */
  state: string;
  members: GroupMember[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** A group with everything needed to compute its lag: committed offsets and the end offsets of their partitions. */
export interface GroupSnapshot {
  description: GroupDescription;
  offsets: CommittedOffset[];
  /** `topic:partition` → end offset (next offset to be written). */
  endOffsets: Record<string, number>;
}

// ---- kafbat DTOs (contract-typespec of kafbat v1.5.0; absent values are null, as kafbat sends them) ----

export type ServerStatus = "ONLINE" | "OFFLINE" | "INITIALIZING";
export type ControllerType = "KRAFT" | "ZOOKEEPER" | "UNKNOWN";
export type CleanUpPolicy = "DELETE" | "COMPACT" | "COMPACT_DELETE" | "UNKNOWN";
export type ConsumerGroupState =
  | "UNKNOWN"
  | "PREPARING_REBALANCE"
  | "COMPLETING_REBALANCE"
  | "STABLE"
  | "DEAD"
  | "EMPTY";

export interface MetricsCollectionError {
  message: string | null;
  stackTrace: string | null;
}

export interface ClusterDto {
  name: string;
  defaultCluster: boolean | null;
  status: ServerStatus;
  lastError: MetricsCollectionError | null;
  brokerCount: number;
  onlinePartitionCount: number;
  topicCount: number;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  readOnly: boolean;
  version: string;
  features: string[];
  controller: ControllerType | null;
}

export interface BrokerDiskUsageDto {
  brokerId: number;
  segmentSize: number | null;
  segmentCount: number | null;
}

export interface ClusterStatsDto {
  brokerCount: number;
  activeControllers: number | null;
  onlinePartitionCount: number;
  offlinePartitionCount: number;
  inSyncReplicasCount: number;
  outOfSyncReplicasCount: number;
  underReplicatedPartitionCount: number;
  diskUsage: BrokerDiskUsageDto[];
  version: string;
}

export interface BrokerDto {
  id: number;
  host: string | null;
  port: number | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  partitionsLeader: number | null;
  partitions: number | null;
  inSyncPartitions: number | null;
  partitionsSkew: number | null;
  leadersSkew: number | null;
}

export interface ReplicaDto {
  broker: number;
  leader: boolean;
  inSync: boolean;
}

export interface PartitionDto {
  partition: number;
  leader: number | null;
  replicas: ReplicaDto[];
  offsetMax: number | null;
  offsetMin: number | null;
}

interface TopicCommon {
  name: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  replicas: number;
  inSyncReplicas: number;
  segmentSize: number | null;
  segmentCount: number | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  underReplicatedPartitions: number;
  cleanUpPolicy: CleanUpPolicy;
  partitions: PartitionDto[];
}

export interface TopicDto extends TopicCommon {
  messagesCount: number | null;
}

export interface TopicDetailsDto extends TopicCommon {
  keySerde: string | null;
  valueSerde: string | null;
}

export interface TopicsResponseDto {
  pageCount: number;
  topics: TopicDto[];
}

export interface ConfigSynonymDto {
  name: string;
  value: string | null;
  source: string;
}

export interface TopicConfigDto {
  name: string;
  value: string | null;
  defaultValue: string | null;
  source: string;
  isSensitive: boolean;
  isReadOnly: boolean;
  synonyms: ConfigSynonymDto[];
  doc: string | null;
}

export interface ConsumerGroupDto {
  groupId: string;
  members: number;
  topics: number;
  simple: boolean;
  partitionAssignor: string;
  state: ConsumerGroupState;
  coordinator: BrokerDto | null;
  consumerLag: number | null;
}

export interface ConsumerGroupTopicPartitionDto {
  topic: string;
  partition: number;
  currentOffset: number | null;
  endOffset: number | null;
  consumerLag: number | null;
  consumerId: string | null;
  host: string | null;
}

export interface ConsumerGroupDetailsDto extends ConsumerGroupDto {
  partitions: ConsumerGroupTopicPartitionDto[];
}

export interface ConsumerGroupsPageDto {
  pageCount: number;
  consumerGroups: ConsumerGroupDto[];
}

export interface ErrorResponseDto {
  code: number;
  message: string;
  timestamp: number;
  requestId: string;
  fieldsErrors: null;
  stackTrace: null;
}

// ---- topic messages (kafbat's messages/v2) ----

/** One record as read from a partition, before any decoding. */
export interface KafkaRecord {
  partition: number;
  offset: number;
  /** ms since epoch; -1 when the record has none. */
  timestamp: number;
  /** Kafka's TimestampType: 0 CreateTime, 1 LogAppendTime, -1 none. */
  timestampType: number;
  key: Buffer | null;
  value: Buffer | null;
  /** In record order; a key may repeat. */
  headers: [string, Buffer | null][];
}

/** Records of one partition in [from, to). */
export interface OffsetRange {
  partition: number;
  from: number;
  to: number;
}

export type TimestampTypeDto = "NO_TIMESTAMP_TYPE" | "CREATE_TIME" | "LOG_APPEND_TIME";

export interface TopicMessageDto {
  partition: number;
  offset: number;
  timestamp: string;
  timestampType: TimestampTypeDto;
  key: string | null;
  value: string | null;
  headers: Record<string, string | null>;
  keySize: number | null;
  valueSize: number | null;
  headersSize: number;
  keySerde: string;
  valueSerde: string;
  keyDeserializeProperties: null;
  valueDeserializeProperties: null;
  keyFormat: null;
  valueFormat: null;
  keySchemaId: null;
  valueSchemaId: null;
}

export interface TopicMessageConsumingDto {
  bytesConsumed: number;
  elapsedMs: number;
  isCancelled: boolean;
  messagesConsumed: number;
  filterApplyErrors: number;
}

export interface TopicMessageEventDto {
  type: "PHASE" | "MESSAGE" | "CONSUMING" | "DONE";
  message: TopicMessageDto | null;
  phase: { name: string } | null;
  consuming: TopicMessageConsumingDto | null;
  cursor: { id: string } | null;
}
