// How KafkaStack wires its resolved settings into each broker, checked on the one function that does it (so a drift
// in KafkaStack's wiring fails here, not only in a rebuilt copy of it).
import { resolveKafkaSettings } from "../../components/config";
import { stackBrokerArgs } from "../../components/kafkaStack";

const labels = { "cdc-kafka.stack": "cdc-kafka/dev" };

test("three brokers: names, node ids, one voter list, consecutive host ports", () => {
  const settings = resolveKafkaSettings("kafka", { brokers: 3, hostPort: 19092 });
  const brokers = stackBrokerArgs("kafka", settings, "kafka-net", labels);
  expect(brokers.map((b) => [b.name, b.args.nodeId, b.args.hostPort])).toEqual([
    ["kafka-broker-1", 1, 19092],
    ["kafka-broker-2", 2, 19093],
    ["kafka-broker-3", 3, 19094],
  ]);
  expect(new Set(brokers.map((b) => b.args.controllerQuorumVoters))).toEqual(
    new Set(["1@kafka-broker-1:29093,2@kafka-broker-2:29093,3@kafka-broker-3:29093"]),
  );
  expect(brokers.every((b) => b.args.networkName === "kafka-net" && b.args.labels === labels)).toBe(true);
});

test("every broker setting the stack resolved reaches every broker unchanged", () => {
  const settings = resolveKafkaSettings("kafka", {
    brokers: 2,
    kafkaImage: "registry.example/kafka:1",
    hostBindIp: "127.0.0.2",
    autoCreateTopics: true,
    logRetentionHours: 24,
    logRetentionBytes: 1_000_000,
    groupInitialRebalanceDelayMs: 3000,
    brokerMemoryMb: 768,
    brokerWaitTimeoutSeconds: 90,
    keepDataVolume: true,
    metricsEnabled: true,
  });
  for (const { args } of stackBrokerArgs("kafka", settings, "n", labels)) {
    const { networkName, nodeId, controllerQuorumVoters, hostPort, labels: given, ...passedThrough } = args;
    expect(passedThrough).toEqual({
      kafkaImage: "registry.example/kafka:1",
      clusterId: settings.clusterId,
      hostBindIp: "127.0.0.2",
      replicationFactor: 2,
      minInsyncReplicas: 1,
      autoCreateTopics: true,
      logRetentionHours: 24,
      logRetentionBytes: 1_000_000,
      groupInitialRebalanceDelayMs: 3000,
      brokerMemoryMb: 768,
      brokerWaitTimeoutSeconds: 90,
      keepDataVolume: true,
      metricsEnabled: true,
      security: "plaintext",
      advertisedHost: "localhost",
    });
    expect([networkName, controllerQuorumVoters?.split(",").length, given]).toEqual(["n", 2, labels]);
    expect([nodeId, hostPort]).toEqual([expect.any(Number), expect.any(Number)]);
  }
});

test("metricsHostPort: broker n publishes its metrics on metricsHostPort + n - 1; absent, none is published", () => {
  const published = resolveKafkaSettings("kafka", { brokers: 3, metricsEnabled: true, metricsHostPort: 11001 });
  expect(stackBrokerArgs("kafka", published, "n", labels).map((b) => b.args.metricsHostPort)).toEqual([11001, 11002, 11003]);
  const unpublished = resolveKafkaSettings("kafka", { brokers: 2, metricsEnabled: true });
  expect(stackBrokerArgs("kafka", unpublished, "n", labels).map((b) => "metricsHostPort" in b.args)).toEqual([false, false]);
});
