// groupTopicLag: a consumer group's lag on a topic, unknown (with why) rather than understated when offsets are missing.
import { groupTopicLag } from "../../ops/lag";
import { PartitionStatus, TopicStatus } from "../../ops/model";

function partition(index: number, latestOffset: string | undefined): PartitionStatus {
  return { partition: index, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], earliestOffset: latestOffset === undefined ? undefined : "0", latestOffset };
}

function topic(latest: (string | undefined)[], offsetsError?: string): TopicStatus {
  const status: TopicStatus = { name: "t", internal: false, declared: true, partitions: latest.map((offset, index) => partition(index, offset)), configs: {} };
  if (offsetsError) status.offsetsError = offsetsError;
  return status;
}

const committed = (...offsets: string[]) => offsets.map((offset, partition) => ({ partition, offset }));

test.each([
  ["every partition committed", committed("4", "5"), topic(["10", "5"]), { partitions: 2, committedPartitions: 2, lag: 6 }],
  ["a partition without a commit is not counted", committed("4", "-1"), topic(["10", "8"]), { partitions: 2, committedPartitions: 1, lag: 6 }],
  ["a commit past the end (a truncated log) counts as 0", committed("12"), topic(["10"]), { partitions: 1, committedPartitions: 1, lag: 0 }],
  ["no commit at all: 0 even when offsets are unknown", committed("-1"), topic([undefined], "leader not available"), { partitions: 1, committedPartitions: 0, lag: 0 }],
])("%s", (_, offsets, read, expected) => {
  expect(groupTopicLag("t", offsets, read)).toEqual({ topic: "t", ...expected });
});

test.each([
  [
    "the topic's offsets could not be read",
    topic([undefined, undefined], "This server does not host this topic-partition"),
    "the latest offsets of t could not be read: This server does not host this topic-partition",
  ],
  ["one committed partition has no latest offset", topic(["10", undefined]), "no latest offset was read for partition 1 of t"],
  ["two committed partitions have no latest offset", topic([undefined, undefined]), "no latest offset was read for partitions 0, 1 of t"],
  ["the metadata does not list the topic", undefined, "the cluster's metadata does not list topic t"],
])("unknown, not smaller, when %s", (_, read, reason) => {
  expect(groupTopicLag("t", committed("4", "5"), read)).toEqual({
    topic: "t",
    partitions: read?.partitions.length ?? 2,
    committedPartitions: 2,
    lag: null,
    lagUnknown: reason,
  });
});
