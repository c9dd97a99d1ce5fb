// A three-broker stack's settings: what the broker count derives, and the combinations that cannot work on three
// nodes (config.test.ts covers the rules in general; these are the N=3 edges it does not reach). And the kafkajs send
// helper when a partition's leader moves to another broker, which only a cluster of several brokers does.
import type { Kafka, Message, PartitionerArgs, ProducerConfig, RecordMetadata } from "kafkajs";
import { brokerEnvironment, controllerQuorumVoters } from "../../components/brokerEnv";
import { producerConfig } from "../../components/clientConfig";
import { deliveryProducer, sendAcknowledged } from "../../components/kafkajsClient";
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

describe("sendAcknowledged when a partition's leader moves to a broker that already answered (kafkajs#1303)", () => {
  const topic = "t";
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId + 1, partitionErrorCode: 0, replicas: [], isr: [] }));

  /**
   * A stand-in for kafkajs 2.2.4's producer: it partitions with the producer's partitioner on each internal attempt
   * (twice per send here) and answers for the partitions `answers` lets through, as kafkajs resolves a send whose
   * moved partition it skipped.
   */
  function fakeKafka(answers: (partition: number, send: number) => boolean) {
    const sends: { messages: Message[]; firstAttempt: number[]; lastAttempt: number[] }[] = [];
    const kafka = {
      producer: (config: ProducerConfig) => {
        const partitioner = (config.createPartitioner as () => (args: PartitionerArgs) => number)();
        const choose = (message: Message) => partitioner({ topic, partitionMetadata, message });
        return {
          send: async ({ messages }: { messages: Message[] }): Promise<RecordMetadata[]> => {
            const firstAttempt = messages.map(choose);
            const lastAttempt = messages.map(choose);
            sends.push({ messages, firstAttempt, lastAttempt });
            const answered = [...new Set(lastAttempt)].filter((partition) => answers(partition, sends.length));
            return answered.map((partition) => ({ topicName: topic, partition, errorCode: 0, baseOffset: "0" }));
          },
        };
      },
    } as unknown as Kafka;
    return { producer: deliveryProducer(kafka), sends };
  }

  const keyed = Array.from({ length: 30 }, (_, i) => ({ key: `video-${i}`, value: String(i) }));

  test("the messages of the unanswered partition are sent again, pinned to it, and the result covers every partition", async () => {
    const { producer, sends } = fakeKafka((partition, send) => send > 1 || partition !== 0);
    const answers = await sendAcknowledged(producer, topic, keyed);
    expect(sends).toHaveLength(2);
    const first = sends[0];
    const lostShare = first.messages.filter((_, i) => first.lastAttempt[i] === 0);
    expect(lostShare.length).toBeGreaterThan(0);
    expect(sends[1].messages).toEqual(lostShare.map((message) => ({ ...message, partition: 0 })));
    expect(new Set(answers.map((answer) => answer.partition))).toEqual(new Set([0, 1, 2]));
  });

  test("messages without a key keep their first partition on kafkajs's internal retries", async () => {
    const { producer, sends } = fakeKafka(() => true);
    await sendAcknowledged(producer, topic, Array.from({ length: 12 }, (_, i) => ({ value: String(i) })));
    expect(sends).toHaveLength(1);
    expect(sends[0].lastAttempt).toEqual(sends[0].firstAttempt);
    expect(new Set(sends[0].firstAttempt).size).toBeGreaterThan(1);
  });

  test("acks=0 has no answers to check: one send", async () => {
    const { producer, sends } = fakeKafka(() => false);
    await sendAcknowledged(producer, topic, keyed, { ...producerConfig(), acks: "0" });
    expect(sends).toHaveLength(1);
  });

  test("a partition that never answers fails after ten sends with a sentence", async () => {
    const { producer, sends } = fakeKafka((partition) => partition !== 0);
    await expect(sendAcknowledged(producer, topic, keyed)).rejects.toThrow(
      "Kafka acknowledged no write to partitions 0 of t in 10 sends; check that they have a leader in the in-sync replicas and send the messages again.",
    );
    expect(sends).toHaveLength(10);
  });
});
