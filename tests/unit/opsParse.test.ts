// Parsers of what the broker containers and the Automation API print, and the stack outputs status relies on.
import { engineErrorSummary, errorMessage, OpsError } from "../../ops/errors";
import { addressesFromOutputs } from "../../ops/outputs";
import { holdsOnlyEncryptionSalt } from "../../ops/stackFile";
import { brokerIdentity, parseKafkaVersion, parseQuorumReplication, parseQuorumTimestamp } from "../../ops/parse";

// As kafka-metadata-quorum 3.6.2 prints it (captured from the local image; the follower rows are made up): cells padded
// and each ended by a tab, timestamps absolute (epoch ms), -1 for "never".
const now = 1_795_776_551_000;
const replicationTable = [
  "NodeId\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t",
  "1     \t189         \t0  \t1795776550901     \t1795776550901        \tLeader  \t",
  "2     \t189         \t0  \t1795776550588     \t1795776550588        \tFollower\t",
  "3     \t150         \t39 \t-1                \t-1                   \tFollower\t",
  "",
].join("\n");

describe("parseQuorumReplication", () => {
  test("one node per row, roles lower-cased, timestamps as ages, -1 as unknown", () => {
    expect(parseQuorumReplication(replicationTable, now)).toEqual([
      { nodeId: 1, role: "leader", logEndOffset: 189, lag: 0, lastFetchMsAgo: 99, lastCaughtUpMsAgo: 99 },
      { nodeId: 2, role: "follower", logEndOffset: 189, lag: 0, lastFetchMsAgo: 412, lastCaughtUpMsAgo: 412 },
      { nodeId: 3, role: "follower", logEndOffset: 150, lag: 39, lastFetchMsAgo: undefined, lastCaughtUpMsAgo: undefined },
    ]);
  });

  test("log lines before the table, space-separated copies and newer tools' relative times are accepted", () => {
    const copied = "WARN something\nNodeId  LogEndOffset  Lag  LastFetchTimestamp  LastCaughtUpTimestamp  Status\n4  10  0  250 ms ago  1 ms ago  Observer\n";
    expect(parseQuorumReplication(copied, now)).toEqual([
      { nodeId: 4, role: "observer", logEndOffset: 10, lag: 0, lastFetchMsAgo: 250, lastCaughtUpMsAgo: 1 },
    ]);
  });

  test.each([
    ["", 'kafka-metadata-quorum printed no replication table (got: "")'],
    ["NodeId\tStatus\n1\tLeader\n", "kafka-metadata-quorum's table has no LogEndOffset, Lag column (header: NodeId | Status)"],
    ["NodeId\tLogEndOffset\tLag\tStatus\n1\t5\t0\tBoss\n", 'unexpected kafka-metadata-quorum row: "1\\t5\\t0\\tBoss"'],
  ])("%j fails: %s", (output, message) => {
    expect(() => parseQuorumReplication(output, 0)).toThrow(message);
  });
});

test.each<[string, number | undefined]>([
  ["0 ms ago", 0],
  ["17 ms ago", 17],
  ["-1", undefined],
  ["1700000001000", 1000],
  ["soon", undefined],
])("parseQuorumTimestamp(%j) → %s", (cell, expected) => {
  expect(parseQuorumTimestamp(cell, 1_700_000_002_000)).toBe(expected);
});

test.each([
  ["/opt/kafka/libs:\nkafka-clients-3.6.2.jar\nkafka_2.13-3.6.2.jar\n", "3.6.2"],
  ["kafka-clients-7.6.1-ccs.jar\nkafka-storage-7.6.1-ccs.jar", "7.6.1-ccs"],
  ["kafka-tools-3.6.2.jar", undefined],
  ["", undefined],
])("parseKafkaVersion(%j) → %s", (listing, version) => {
  expect(parseKafkaVersion(listing)).toBe(version);
});

test.each([
  [
    ["PATH=/bin", "KAFKA_NODE_ID=2", "KAFKA_ADVERTISED_LISTENERS=INTERNAL://b-2:29092,EXTERNAL://localhost:9093"],
    { nodeId: 2, listeners: ["INTERNAL://b-2:29092", "EXTERNAL://localhost:9093"] },
  ],
  [["KAFKA_BROKER_ID=7", "X=a=b"], { nodeId: 7, listeners: [] }],
  [["KAFKA_NODE_ID=x"], { nodeId: undefined, listeners: [] }],
])("brokerIdentity(%j)", (env, expected) => {
  expect(brokerIdentity(env)).toEqual(expected);
});

describe("addressesFromOutputs", () => {
  const outputs = {
    hostBootstrapServers: "localhost:19092",
    internalBootstrapServers: "cdc-it-broker-1:29092",
    brokerContainerNames: ["cdc-it-broker-1"],
    topicNames: ["a"],
    uiUrl: "http://localhost:18080",
    clusterName: "cdc-it",
    clusterId: "abc",
    producerConfig: { acks: "all" },
    consumerConfig: { "enable.auto.commit": "false" },
    labels: { "cdc-kafka.stack": "cdc-kafka/it" },
  };

  test("takes the addresses, never inventing any", () => {
    expect(addressesFromOutputs("it", outputs)).toEqual({
      stack: "it",
      hostBootstrapServers: "localhost:19092",
      internalBootstrapServers: "cdc-it-broker-1:29092",
      brokerContainerNames: ["cdc-it-broker-1"],
      topicNames: ["a"],
      uiUrl: "http://localhost:18080",
      clusterName: "cdc-it",
      clusterId: "abc",
      stackLabel: "cdc-kafka/it",
      producerConfig: { acks: "all" },
      consumerConfig: { "enable.auto.commit": "false" },
    });
    expect(addressesFromOutputs("it", { ...outputs, uiUrl: undefined, topicNames: undefined })).toEqual(
      expect.objectContaining({ uiUrl: undefined, topicNames: [] }),
    );
  });

  test("a secured stack's security mode and admin settings; an unknown mode is not guessed", () => {
    const adminConfig = { "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512" };
    const secured = addressesFromOutputs("it", { ...outputs, security: "sasl_ssl", adminConfig });
    expect([secured.security, secured.adminConfig]).toEqual(["sasl_ssl", adminConfig]);
    const odd = addressesFromOutputs("it", { ...outputs, security: "kerberos", adminConfig: { port: 1 } });
    expect([odd.security, odd.adminConfig]).toEqual([undefined, undefined]);
  });

  test.each([
    [{}, "Stack qa is not deployed (it has no outputs); deploy it with `npm run up -- --stack qa`."],
    [
      { url: "x" },
      "Stack qa has no hostBootstrapServers, internalBootstrapServers or brokerContainerNames output, so it is not a cdc-kafka stack; pick another with --stack.",
    ],
  ])("%j → %s", (given, message) => {
    expect(() => addressesFromOutputs("qa", given)).toThrow(new OpsError(message));
  });
});

describe("errorMessage", () => {
  /** kafkajs's shapes: a protocol error with Kafka's name as `type`, wrapped as the `cause` of a non-retriable one. */
  const refused = Object.assign(new Error("Not authorized to access topics: [Topic authorization failed]"), { type: "TOPIC_AUTHORIZATION_FAILED" });
  const wrapped = Object.assign(new Error(refused.message), { cause: refused });

  test.each([
    ["a plain error", new Error("Closed connection"), "Closed connection"],
    ["not an Error", "boom", "boom"],
    ["Kafka's refusal", refused, "Not authorized to access topics: [Topic authorization failed] (TOPIC_AUTHORIZATION_FAILED)"],
    ["the refusal as a cause", wrapped, "Not authorized to access topics: [Topic authorization failed] (TOPIC_AUTHORIZATION_FAILED)"],
    ["a name already in the message", Object.assign(new Error("GROUP_AUTHORIZATION_FAILED"), { type: "GROUP_AUTHORIZATION_FAILED" }), "GROUP_AUTHORIZATION_FAILED"],
  ])("%s", (_, error, message) => {
    expect(errorMessage(error)).toBe(message);
  });
});

describe("engineErrorSummary", () => {
  test.each([
    [
      "code: 255\n stdout: Updating (it)\n\n stderr: warning: using pulumi-resource-docker from $PATH\nerror: update failed\n\n err?: \n",
      "update failed",
    ],
    ["code: 1\n stdout: \n stderr: Command failed: no Pulumi.yaml\n err?: \n", "Command failed: no Pulumi.yaml"],
    ["plain message", "plain message"],
  ])("%j → %s", (message, summary) => {
    expect(engineErrorSummary(message)).toBe(summary);
  });
});

test.each([
  ["encryptionsalt: v1:EVXsGM69E9U=:v1:FLeX9lvM/m1rAr1v:kDaP72yQ==\n", true],
  ["# made by stack init\nencryptionsalt: v1:abc\n\n", true],
  ["encryptionsalt: v1:abc\nconfig:\n  cdc-kafka:hostPort: 9092\n", false],
  ["config:\n  cdc-kafka:brokers: 1\n", false],
  ["", false],
])("holdsOnlyEncryptionSalt(%j) → %s", (text, expected) => {
  expect(holdsOnlyEncryptionSalt(text)).toBe(expected);
});
