// Topic answers (/topics, /topics/{t}, /topics/{t}/config) shaped from metadata, offsets and configs the way kafbat's
// InternalTopic, TopicsController and InternalTopicConfig shape them.
import {
  CleanUpPolicy,
  ConfigEntry,
  PartitionDto,
  PartitionOffsets,
  TopicConfigDto,
  TopicDetailsDto,
  TopicDto,
  TopicMetadata,
} from "./model";
import { IoRates } from "./metrics";
import { PageQuery, sortAndPage } from "./paging";

/** Kafka's own internal topics all start with "_", and kafbat also treats any "_"-prefixed topic as internal. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("_");
}

export function cleanUpPolicy(value: string | null | undefined): CleanUpPolicy {
  switch ((value ?? "").replace(/ /g, "")) {
    case "delete":
      return "DELETE";
    case "compact":
      return "COMPACT";
    case "compact,delete":
    case "delete,compact":
      return "COMPACT_DELETE";
    default:
      return "UNKNOWN";
  }
}

/** kafkajs's ConfigSource numbers under the names Kafka's Java client (and so kafbat) gives them. */
export const configSourceNames: Record<number, string> = {
  0: "UNKNOWN",
  1: "DYNAMIC_TOPIC_CONFIG",
  2: "DYNAMIC_BROKER_CONFIG",
  3: "DYNAMIC_DEFAULT_BROKER_CONFIG",
  4: "STATIC_BROKER_CONFIG",
  5: "DEFAULT_CONFIG",
  6: "DYNAMIC_BROKER_LOGGER_CONFIG",
  7: "DYNAMIC_CLIENT_METRICS_CONFIG",
};

export function configSourceName(source: number): string {
  return configSourceNames[source] ?? "UNKNOWN";
}

function partitionDtos(topic: TopicMetadata, offsets: PartitionOffsets[] | undefined): PartitionDto[] {
  return [...topic.partitions]
    .sort((a, b) => a.partitionId - b.partitionId)
    .map((partition) => {
      const offset = offsets?.find((o) => o.partition === partition.partitionId);
      return {
        partition: partition.partitionId,
        leader: partition.leader >= 0 ? partition.leader : null,
        replicas: partition.replicas.map((broker) => ({
          broker,
          leader: broker === partition.leader,
          inSync: partition.isr.includes(broker),
        })),
        offsetMax: offset?.high ?? null,
        offsetMin: offset?.low ?? null,
      };
    });
}

const noRates: IoRates = { bytesInPerSec: null, bytesOutPerSec: null };

function topicCommon(topic: TopicMetadata, offsets: PartitionOffsets[] | undefined, configs: ConfigEntry[], rates: IoRates) {
  const partitions = partitionDtos(topic, offsets);
  const replicas = topic.partitions.reduce((sum, p) => sum + p.replicas.length, 0);
  const inSyncReplicas = topic.partitions.reduce((sum, p) => sum + p.isr.length, 0);
  return {
    name: topic.name,
    internal: isInternalTopic(topic.name),
    partitionCount: topic.partitions.length,
    // kafbat takes the first partition's replica count; Kafka keeps it equal across partitions.
    replicationFactor: topic.partitions.length === 0 ? 0 : partitions[0].replicas.length,
    replicas,
    inSyncReplicas,
    // Log-dir sizes need DescribeLogDirs, which kafkajs does not implement.
    segmentSize: null,
    segmentCount: null,
    bytesInPerSec: rates.bytesInPerSec,
    bytesOutPerSec: rates.bytesOutPerSec,
    underReplicatedPartitions: topic.partitions.filter((p) => p.replicas.length > p.isr.length).length,
    cleanUpPolicy: cleanUpPolicy(configs.find((c) => c.configName === "cleanup.policy")?.configValue),
    partitions,
  };
}

/**
 * Offsets say how many messages a delete-policy topic holds; on a compacted topic they overcount, so kafbat reports
 * null there (and counts anyway when the policy is unknown).
 */
export function messagesCount(policy: CleanUpPolicy, partitions: PartitionDto[]): number | null {
  if (policy !== "DELETE" && policy !== "UNKNOWN") return null;
  return partitions.reduce(
    (sum, p) => (p.offsetMax !== null && p.offsetMin !== null ? sum + (p.offsetMax - p.offsetMin) : sum),
    0,
  );
}

export function toTopicDto(topic: TopicMetadata, offsets: PartitionOffsets[] | undefined, configs: ConfigEntry[], rates = noRates): TopicDto {
  const common = topicCommon(topic, offsets, configs, rates);
  return { ...common, messagesCount: messagesCount(common.cleanUpPolicy, common.partitions) };
}

export function toTopicDetailsDto(
  topic: TopicMetadata,
  offsets: PartitionOffsets[] | undefined,
  configs: ConfigEntry[],
  rates = noRates,
): TopicDetailsDto {
  return { ...topicCommon(topic, offsets, configs, rates), keySerde: null, valueSerde: null };
}

export type TopicOrder = "NAME" | "OUT_OF_SYNC_REPLICAS" | "TOTAL_PARTITIONS" | "REPLICATION_FACTOR" | "SIZE" | "MESSAGES_NUMBER";

export interface TopicsQuery extends PageQuery {
  showInternal: boolean;
  search: string | null;
  orderBy: TopicOrder;
}

function topicSortKey(order: TopicOrder, topic: TopicMetadata): number | null {
  switch (order) {
    case "TOTAL_PARTITIONS":
      return topic.partitions.length;
    case "OUT_OF_SYNC_REPLICAS":
      return topic.partitions.reduce((sum, p) => sum + p.replicas.length - p.isr.length, 0);
    case "REPLICATION_FACTOR":
      return topic.partitions[0]?.replicas.length ?? 0;
    default:
      // SIZE needs log-dir sizes (unknown here) and kafbat sorts MESSAGES_NUMBER by name too.
      return null;
  }
}

/** The names on the requested page and the page count, filtered and sorted as kafbat's TopicsController does. */
export function selectTopicsPage(topics: TopicMetadata[], query: TopicsQuery): { names: string[]; pageCount: number } {
  const search = query.search?.toLowerCase() ?? null;
  const filtered = topics
    .filter((topic) => query.showInternal || !isInternalTopic(topic.name))
    .filter((topic) => search === null || topic.name.toLowerCase().includes(search));
  const { page, pageCount } = sortAndPage(filtered, query, (topic) => topicSortKey(query.orderBy, topic), (topic) => topic.name);
  return { names: page.map((topic) => topic.name), pageCount };
}

/** The value a setting would have without the topic override: kafbat's InternalTopicConfig.defaultValue. */
export function defaultValue(entry: ConfigEntry): string | null {
  if (entry.configSource === 5) return entry.configValue;
  return entry.configSynonyms.find((synonym) => synonym.configSource !== 1)?.configValue ?? null;
}

export function toTopicConfigDtos(entries: ConfigEntry[]): TopicConfigDto[] {
  return entries.map((entry) => ({
    name: entry.configName,
    value: entry.configValue,
    defaultValue: defaultValue(entry),
    source: configSourceName(entry.configSource),
    isSensitive: entry.isSensitive,
    isReadOnly: entry.readOnly,
    synonyms: entry.configSynonyms.map((synonym) => ({
      name: synonym.configName,
      value: synonym.configValue,
      source: configSourceName(synonym.configSource),
    })),
    // Config documentation needs DescribeConfigs v3, which kafkajs does not send.
    doc: null,
  }));
}
