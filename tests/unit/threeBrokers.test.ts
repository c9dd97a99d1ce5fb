// A three-broker stack's settings: what the broker count derives, and the combinations that cannot work on three
// nodes (config.test.ts covers the rules in general; these are the N=3 edges it does not reach). The kafkajs send
// helper's leader-move case lives with the helper, in kafkajsClient.test.ts.
import { brokerEnvironment, controllerQuorumVoters } from "../../components/brokerEnv";
import { KafkaSettingsArgs, resolveKafkaSettings } from "../../components/config";
import { validateKafkaSettings } from "../../components/validation";
import { parseStackConfig } from "../../stackConfig";
import { brokerNames } from "../../components/kafkaStack";

const three = (settings: KafkaSettingsArgs = {}): KafkaSettingsArgs => ({ brokers: 3, ...settings });

describe("three brokers: derived settings", () => {
  test('the stack config `brokers: "3"` alone gives replication factor 3 and min.insync.replicas 2, and is valid', () => {
    const { config, errors } = parseStackConfig({ brokers: "3" });
    expect(errors).toEqual([]);
    expect(resolveKafkaSettings("kafka", config)).toMatchObject({ brokers: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    expect(validateKafkaSettings("kafka", config)).toEqual([]);
  });

  test("each node advertises its own host port and its own container on the shared internal and controller ports", () => {
    const names = brokerNames("kafka", 3);
    const settings = resolveKafkaSettings("kafka", three({ hostPort: 19092 }));
    const environments = names.map((containerName, index) =>
      brokerEnvironment({
        ...settings,
        advertisedHost: "localhost",
        nodeId: index + 1,
        containerName,
        controllerQuorumVoters: controllerQuorumVoters(names),
        hostPort: settings.hostPort + index,
        memoryMb: settings.brokerMemoryMb,
      }),
    );
    expect(environments.map((env) => env.KAFKA_ADVERTISED_LISTENERS)).toEqual([
      "INTERNAL://kafka-broker-1:29092,EXTERNAL://localhost:19092",
      "INTERNAL://kafka-broker-2:29092,EXTERNAL://localhost:19093",
      "INTERNAL://kafka-broker-3:29092,EXTERNAL://localhost:19094",
    ]);
    expect(new Set(environments.map((env) => env.KAFKA_CONTROLLER_QUORUM_VOTERS))).toEqual(
      new Set(["1@kafka-broker-1:29093,2@kafka-broker-2:29093,3@kafka-broker-3:29093"]),
    );
    for (const env of environments) {
      expect(env).toMatchObject({ KAFKA_DEFAULT_REPLICATION_FACTOR: "3", KAFKA_MIN_INSYNC_REPLICAS: "2", KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: "false" });
    }
  });
});

describe("three brokers: validation", () => {
  test.each<[string, KafkaSettingsArgs]>([
    ["min.insync.replicas equal to the replication factor (no broker may be down, but nothing is lost)", three({ minInsyncReplicas: 3 })],
    ["two replicas, both required", three({ replicationFactor: 2, minInsyncReplicas: 2 })],
    ["the last broker on port 65535", three({ hostPort: 65533 })],
    ["the UI just above the brokers' ports", three({ uiPort: 9095 })],
    ["the UI just below the brokers' ports", three({ uiPort: 9091 })],
  ])("valid: %s", (_, settings) => expect(validateKafkaSettings("kafka", settings)).toEqual([]));

  test.each<[string, KafkaSettingsArgs, string[]]>([
    [
      "four replicas on three brokers",
      three({ replicationFactor: 4 }),
      ["replicationFactor (4) cannot exceed the number of brokers (3); lower replicationFactor or add brokers."],
    ],
    [
      "min.insync.replicas above the derived three replicas",
      three({ minInsyncReplicas: 4 }),
      ["min.insync.replicas (4) cannot exceed the replication factor (3); lower minInsyncReplicas or add brokers."],
    ],
    [
      "too many replicas and an even larger min.insync.replicas: both sentences",
      three({ replicationFactor: 4, minInsyncReplicas: 5 }),
      [
        "replicationFactor (4) cannot exceed the number of brokers (3); lower replicationFactor or add brokers.",
        "min.insync.replicas (5) cannot exceed the replication factor (4); lower minInsyncReplicas or raise replicationFactor.",
      ],
    ],
    [
      "the UI on the second broker's host port",
      three({ uiPort: 9093 }),
      ["uiPort (9093) is already the host port of broker 2; choose a uiPort outside 9092-9094."],
    ],
    [
      "the first broker on 65535, the others beyond it",
      three({ hostPort: 65535 }),
      ["hostPort (65535) leaves no room for 3 brokers, which use consecutive ports up to 65537; lower hostPort."],
    ],
  ])("invalid: %s", (_, settings, errors) => expect(validateKafkaSettings("kafka", settings)).toEqual(errors));
});
