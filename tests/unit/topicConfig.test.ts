// What each declared topic is created with.
import { topicConfig, topicSpecs } from "../../components/topicConfig";

const settings = { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: 604800000, cleanupPolicy: "delete" };

test("the per-topic configs are Kafka's property names with string values", () => {
  expect(topicConfig(settings)).toEqual({ "cleanup.policy": "delete", "min.insync.replicas": "2", "retention.ms": "604800000" });
});

test.each([
  [{ retentionMs: -1 }, { "retention.ms": "-1" }],
  [{ cleanupPolicy: "compact,delete" }, { "cleanup.policy": "compact,delete" }],
  [{ minInsyncReplicas: 1 }, { "min.insync.replicas": "1" }],
])("%j", (change, expected) => {
  expect(topicConfig({ ...settings, ...change })).toMatchObject(expected);
});

test("one spec per topic, in order, each with its own copy of the config", () => {
  const specs = topicSpecs(["dbserver.public.videos", "dbserver.public.users"], settings);
  expect(specs).toEqual(
    ["dbserver.public.videos", "dbserver.public.users"].map((name) => ({
      name,
      partitions: 3,
      replicationFactor: 3,
      config: { "cleanup.policy": "delete", "min.insync.replicas": "2", "retention.ms": "604800000" },
    })),
  );
  expect(specs[0].config).not.toBe(specs[1].config);
  expect(topicSpecs([], settings)).toEqual([]);
});
