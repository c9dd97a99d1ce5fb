// A consumer group's lag on one topic, from its committed offsets and the topic's latest offsets. Pure. Unknown, with
// the reason, when a latest offset is missing: a lag summed without that partition would look smaller than it is.
import { GroupTopicLag, TopicStatus } from "./model";

export interface CommittedOffset {
  partition: number;
  /** Kafka's committed offset; -1 when the group has none for the partition. */
  offset: string;
}

/** `topic` is the topic as read (undefined when the cluster's metadata did not list it). */
export function groupTopicLag(topicName: string, committed: CommittedOffset[], topic: TopicStatus | undefined): GroupTopicLag {
  const withCommit = committed.filter((partition) => Number(partition.offset) >= 0);
  // The partition count from the metadata: the group's own list holds only partitions it has touched.
  const counts = { topic: topicName, partitions: topic?.partitions.length ?? committed.length, committedPartitions: withCommit.length };
  if (withCommit.length === 0) return { ...counts, lag: 0 };
  if (!topic) return { ...counts, lag: null, lagUnknown: `the cluster's metadata does not list topic ${topicName}` };
  if (topic.offsetsError) return { ...counts, lag: null, lagUnknown: `the latest offsets of ${topicName} could not be read: ${topic.offsetsError}` };
  const latest = new Map(topic.partitions.map((partition) => [partition.partition, partition.latestOffset]));
  const missing = withCommit.filter((partition) => latest.get(partition.partition) === undefined).map((partition) => partition.partition);
  if (missing.length > 0) {
    return { ...counts, lag: null, lagUnknown: `no latest offset was read for partition${missing.length === 1 ? "" : "s"} ${missing.join(", ")} of ${topicName}` };
  }
  const lag = withCommit.reduce((sum, partition) => sum + Math.max(0, Number(latest.get(partition.partition)) - Number(partition.offset)), 0);
  return { ...counts, lag };
}
