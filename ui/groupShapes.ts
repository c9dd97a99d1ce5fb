// Consumer-group answers (/consumer-groups/paged, /consumer-groups/{id}) with lag per partition, shaped as kafbat's
// InternalConsumerGroup, ConsumerGroupMapper and ConsumerGroupUtil shape them.
import {
  BrokerDto,
  ClusterSnapshot,
  ConsumerGroupDetailsDto,
  ConsumerGroupDto,
  ConsumerGroupsPageDto,
  ConsumerGroupState,
  ConsumerGroupTopicPartitionDto,
  GroupSnapshot,
} from "./model";
import { compareStrings, PageQuery, sortAndPage } from "./paging";

/** Groups of the classic consumer protocol, and "simple" groups that only commit offsets (empty protocol type). */
export function isConsumerGroup(protocolType: string): boolean {
  return protocolType === "consumer" || protocolType === "";
}

const states: Record<string, ConsumerGroupState> = {
  Stable: "STABLE",
  Empty: "EMPTY",
  PreparingRebalance: "PREPARING_REBALANCE",
  CompletingRebalance: "COMPLETING_REBALANCE",
  Dead: "DEAD",
};

export function groupState(kafkaState: string): ConsumerGroupState {
  return states[kafkaState] ?? "UNKNOWN";
}

/** Java's String.hashCode, which Kafka uses to place a group on a partition of __consumer_offsets. */
export function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's GroupCoordinator.partitionFor: Utils.abs(groupId.hashCode) % partitions (abs of MIN_VALUE is 0). */
export function coordinatorPartition(groupId: string, partitionCount: number): number {
  const hash = javaStringHash(groupId);
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % partitionCount;
}

/**
 * The group's coordinator is the leader of its __consumer_offsets partition; kafkajs's admin does not expose
 * FindCoordinator, so it is derived from metadata the console already holds.
 */
export function coordinatorFor(groupId: string, snapshot: ClusterSnapshot | null): BrokerDto | null {
  const offsetsTopic = snapshot?.topics.find((topic) => topic.name === "__consumer_offsets");
  if (!snapshot || !offsetsTopic || offsetsTopic.partitions.length === 0) return null;
  const partition = coordinatorPartition(groupId, offsetsTopic.partitions.length);
  const leader = offsetsTopic.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
  const node = snapshot.brokers.find((broker) => broker.nodeId === leader);
  if (!node) return null;
  return {
    id: node.nodeId,
    host: node.host,
    port: node.port,
    bytesInPerSec: null,
    bytesOutPerSec: null,
    partitionsLeader: null,
    partitions: null,
    inSyncPartitions: null,
    partitionsSkew: null,
    leadersSkew: null,
  };
}

const partitionKey = (topic: string, partition: number): string => `${topic}:${partition}`;

/** Messages behind on one partition: end offset minus committed offset; unknown when either is unknown. */
export function partitionLag(committed: number | undefined, end: number | undefined): number | null {
  return committed === undefined || end === undefined ? null : end - committed;
}

/** The group's total lag: null without committed offsets (kafbat's rule), else the sum over known partitions. */
export function consumerLag(group: GroupSnapshot): number | null {
  if (group.offsets.length === 0) return null;
  return group.offsets.reduce(
    (sum, o) => sum + (partitionLag(o.offset, group.endOffsets[partitionKey(o.topic, o.partition)]) ?? 0),
    0,
  );
}

function topicCount(group: GroupSnapshot): number {
  const topics = new Set(group.offsets.map((o) => o.topic));
  for (const member of group.description.members) Object.keys(member.assignment).forEach((t) => topics.add(t));
  return topics.size;
}

export function toConsumerGroupDto(group: GroupSnapshot, coordinator: BrokerDto | null): ConsumerGroupDto {
  const description = group.description;
  return {
    groupId: description.groupId,
    members: description.members.length,
    topics: topicCount(group),
    simple: description.protocolType === "",
    partitionAssignor: description.protocol,
    state: groupState(description.state),
    coordinator,
    consumerLag: consumerLag(group),
  };
}

/**
 * Committed partitions with their lag, plus assigned partitions that have no committed offset yet; kafbat reports
 * an unknown end offset as 0 and its lag as 0, and so does this.
 */
export function groupPartitions(group: GroupSnapshot): ConsumerGroupTopicPartitionDto[] {
  const partitions = new Map<string, ConsumerGroupTopicPartitionDto>();
  for (const o of group.offsets) {
    const end = group.endOffsets[partitionKey(o.topic, o.partition)];
    partitions.set(partitionKey(o.topic, o.partition), {
      topic: o.topic,
      partition: o.partition,
      currentOffset: o.offset,
      endOffset: end ?? 0,
      consumerLag: partitionLag(o.offset, end) ?? 0,
      consumerId: null,
      host: null,
    });
  }
  for (const member of group.description.members) {
    for (const [topic, assigned] of Object.entries(member.assignment)) {
      for (const partition of assigned) {
        const key = partitionKey(topic, partition);
        const entry = partitions.get(key) ?? {
          topic,
          partition,
          currentOffset: null,
          endOffset: null,
          consumerLag: null,
          consumerId: null,
          host: null,
        };
        partitions.set(key, { ...entry, consumerId: member.memberId, host: member.clientHost });
      }
    }
  }
  return [...partitions.values()].sort((a, b) => compareStrings(a.topic, b.topic) || a.partition - b.partition);
}

export function toConsumerGroupDetailsDto(group: GroupSnapshot, coordinator: BrokerDto | null): ConsumerGroupDetailsDto {
  return { ...toConsumerGroupDto(group, coordinator), partitions: groupPartitions(group) };
}

export type ConsumerGroupOrder = "NAME" | "MEMBERS" | "STATE" | "MESSAGES_BEHIND" | "TOPIC_NUM";

export interface ConsumerGroupsQuery extends PageQuery {
  search: string | null;
  orderBy: ConsumerGroupOrder;
}

/** Healthy groups first when ordered by state, as kafbat orders them. */
const statePriority: Record<ConsumerGroupState, number> = {
  STABLE: 0,
  COMPLETING_REBALANCE: 1,
  PREPARING_REBALANCE: 2,
  EMPTY: 3,
  DEAD: 4,
  UNKNOWN: 5,
};

function groupSortKey(order: ConsumerGroupOrder, group: ConsumerGroupDto): number | null {
  switch (order) {
    case "MEMBERS":
      return group.members;
    case "STATE":
      return statePriority[group.state];
    case "MESSAGES_BEHIND":
      return group.consumerLag ?? 0;
    case "TOPIC_NUM":
      return group.topics;
    default:
      return null;
  }
}

export function selectConsumerGroupsPage(groups: ConsumerGroupDto[], query: ConsumerGroupsQuery): ConsumerGroupsPageDto {
  const search = query.search?.toLowerCase() ?? null;
  const filtered = groups.filter((group) => search === null || group.groupId.toLowerCase().includes(search));
  const { page, pageCount } = sortAndPage(filtered, query, (group) => groupSortKey(query.orderBy, group), (group) => group.groupId);
  return { pageCount, consumerGroups: page };
}
