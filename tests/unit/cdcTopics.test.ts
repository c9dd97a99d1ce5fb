// CdcTopics on its own: the kafka provider, one topic per table, validation.
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

type TopicsArgs = import("../../components").CdcTopicsArgs;

const suite = mockedSuite(() => import("../../components"));

const TOPIC = "kafka:index/topic:Topic";

async function build(args: Partial<TopicsArgs> = {}) {
  const topics = new suite.lib.CdcTopics("cdc", { hostBootstrapServers: ["localhost:9092"], ...args });
  return valuesOf({ topicNames: topics.topicNames });
}

test("a provider on the given listeners and the three CDC topics with the one-broker delivery settings", async () => {
  expect(await build()).toEqual({ topicNames: ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"] });
  expect(suite.mocks.resources.map((r) => [r.type, r.name, r.parent ?? null, r.provider ?? null])).toEqual([
    ["cdc-kafka:index:CdcTopics", "cdc", null, null],
    ["pulumi:providers:kafka", "cdc-provider", "cdc", null],
    [TOPIC, "cdc-dbserver.public.videos", "cdc", "cdc-provider"],
    [TOPIC, "cdc-dbserver.public.users", "cdc", "cdc-provider"],
    [TOPIC, "cdc-dbserver.public.comments", "cdc", "cdc-provider"],
  ]);
  expect(suite.mocks.get(TOPIC, "cdc-dbserver.public.users").inputs).toEqual({
    name: "dbserver.public.users",
    partitions: 3,
    replicationFactor: 1,
    config: { "cleanup.policy": "delete", "min.insync.replicas": "1", "retention.ms": "604800000" },
  });
});

test("the provider depends on the resources passed as brokers", async () => {
  const pulumi = await import("@pulumi/pulumi");
  class Broker extends pulumi.CustomResource {}
  const broker = new Broker("test:index:Broker", "broker-1", {});
  await build({ brokers: [broker] });
  expect(suite.mocks.get("pulumi:providers:kafka", "cdc-provider").dependencies).toEqual(["broker-1"]);
});

test("no topics, no provider", async () => {
  expect(await build({ topics: [] })).toEqual({ topicNames: [] });
  expect((await suite.mocks.settled()).map((r) => r.type)).toEqual(["cdc-kafka:index:CdcTopics"]);
});

test("topic settings as given", async () => {
  await build({
    topics: ["orders"],
    topicPartitions: 6,
    topicRetentionMs: -1,
    topicCleanupPolicy: "compact",
    replicationFactor: 3,
    minInsyncReplicas: 2,
  });
  expect(suite.mocks.ofType(TOPIC).map((r) => r.inputs)).toEqual([
    { name: "orders", partitions: 6, replicationFactor: 3, config: { "cleanup.policy": "compact", "min.insync.replicas": "2", "retention.ms": "-1" } },
  ]);
});

test.each<[Partial<TopicsArgs>, string]>([
  [{ topics: ["a", "a"] }, 'Topic "a" is listed more than once; remove the duplicate from topics.'],
  [{ topicPartitions: 0 }, "topicPartitions (0) is out of range; set topicPartitions to a whole number of at least 1."],
  [{ topicRetentionMs: 0 }, "topicRetentionMs (0) is out of range; set topicRetentionMs to a positive whole number, or -1 for no limit."],
  [{ topicCleanupPolicy: "none" }, 'topicCleanupPolicy "none" is not a Kafka cleanup policy; use delete, compact or compact,delete.'],
  [
    { replicationFactor: 1, minInsyncReplicas: 2 },
    "min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or raise replicationFactor.",
  ],
])("%j is refused before anything is registered", async (args, message) => {
  expect(() => new suite.lib.CdcTopics("cdc", { hostBootstrapServers: ["localhost:9092"], ...args })).toThrow(new suite.lib.KafkaConfigError([message]));
  expect(await suite.mocks.settled()).toEqual([]);
});
