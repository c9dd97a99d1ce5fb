// create-topics' plan from the engine's preview steps: which topics change, what is refused, how it reads.
import { parseArgs } from "../../ops/args";
import { describeChanges, refusals, StepLike, TOPIC_TYPE, topicChanges } from "../../ops/topicPlan";

const urn = (topic: string) => `urn:pulumi:dev::cdc-kafka::cdc-kafka:index:KafkaStack$cdc-kafka:index:CdcTopics$${TOPIC_TYPE}::cdc-kafka-dev-topics-${topic}`;
const inputs = (name: string, partitions: number, retention = "604800000") => ({ inputs: { name, partitions, config: { "retention.ms": retention } } });

const steps: StepLike[] = [
  { op: "same", urn: urn("a"), type: TOPIC_TYPE, old: inputs("a", 3), new: inputs("a", 3) },
  { op: "same", urn: "urn:pulumi:dev::cdc-kafka::docker:index/container:Container::c", type: "docker:index/container:Container" },
  { op: "create", urn: urn("new"), type: TOPIC_TYPE, new: inputs("new", 3) },
  { op: "update", urn: urn("b"), type: TOPIC_TYPE, old: inputs("b", 3), new: inputs("b", 3, "86400000"), diffs: ["config"] },
  { op: "delete", urn: urn("gone"), type: TOPIC_TYPE, old: inputs("gone", 3) },
];

test("topicChanges: one change per touched topic, unchanged ones and other types left out", () => {
  expect(topicChanges(steps)).toEqual([
    { op: "create", urn: urn("new"), topic: "new", newPartitions: 3, diffs: [] },
    { op: "update", urn: urn("b"), topic: "b", oldPartitions: 3, newPartitions: 3, diffs: ["config"] },
    { op: "delete", urn: urn("gone"), topic: "gone", oldPartitions: 3, diffs: [] },
  ]);
  expect(refusals(topicChanges(steps))).toEqual([]);
  expect(describeChanges(topicChanges(steps))).toEqual([
    "  + create new (3 partitions)",
    "  ~ update b: config",
    "  - delete gone and every record in it",
  ]);
});

test("a replacement's steps fold into one; shrinking partitions is refused in one sentence", () => {
  const shrink = (topic: string): StepLike[] => [
    { op: "replace", urn: urn(topic), type: TOPIC_TYPE, old: inputs(topic, 3), new: inputs(topic, 2), diffs: ["partitions"] },
    { op: "create-replacement", urn: urn(topic), type: TOPIC_TYPE, old: inputs(topic, 3), new: inputs(topic, 2) },
    { op: "delete-replaced", urn: urn(topic), type: TOPIC_TYPE, old: inputs(topic, 3) },
  ];
  const changes = topicChanges([...shrink("a"), ...shrink("b")]);
  expect(changes).toEqual([
    { op: "replace", urn: urn("a"), topic: "a", oldPartitions: 3, newPartitions: 2, diffs: ["partitions"] },
    { op: "replace", urn: urn("b"), topic: "b", oldPartitions: 3, newPartitions: 2, diffs: ["partitions"] },
  ]);
  expect(refusals(changes)).toEqual([
    "Kafka cannot remove partitions, and recreating the topics would delete their records: a (3 → 2), b (3 → 2); set topicPartitions back to 3 or more.",
  ]);
});

test("another replacement is refused too, naming what changed", () => {
  const changes = topicChanges([{ op: "replace", urn: urn("c"), type: TOPIC_TYPE, old: inputs("c", 3), new: inputs("c", 3), diffs: ["replicationFactor"] }]);
  expect(refusals(changes)).toEqual([
    "These topics would be deleted and recreated, losing their records: c (replicationFactor); change the config back or delete them by hand first.",
  ]);
});

test("create-topics takes --stack, --config-file and --yes", () => {
  expect(parseArgs("create-topics", ["--stack", "qa", "--config-file", "/tmp/s.yaml", "--yes"])).toEqual(
    expect.objectContaining({ stack: "qa", configFile: "/tmp/s.yaml", yes: true }),
  );
  expect(() => parseArgs("create-topics", ["--topic", "x"])).toThrow(
    "Unknown option --topic for `npm run create-topics`; it takes --stack <name>, --config-file <path>, --yes.",
  );
});
