// The stack program: config in, one KafkaStack, outputs out; bad config fails with every problem and registers nothing.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";
import type { HostProbe } from "../../preflight";

// The machine checks need a Docker engine; here they are skipped (null probe) except where a test passes its own.
jest.mock("../../preflight", () => ({ ...jest.requireActual("../../preflight"), hostProbe: () => null }));

const suite = mockedSuite(() => import("../../program"));
beforeEach(() => pulumi.runtime.setAllConfig({}));

const CONTAINER = "docker:index/container:Container";

/** Sets `cdc-kafka:<key>` config the way the engine hands it to a program (strings; lists as JSON). */
function setConfig(values: Record<string, string>, others: Record<string, string> = {}) {
  pulumi.runtime.setAllConfig({
    ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`cdc-kafka:${key}`, value])),
    ...others,
  });
}

/** The `cdc-kafka:` values of Pulumi.dev.yaml: `key: value` lines and `- item` lists (the only forms it uses). */
function devStackConfig(): Record<string, string> {
  const text = fs.readFileSync(path.join(__dirname, "../../Pulumi.dev.yaml"), "utf8");
  const values: Record<string, string> = {};
  let list: string[] | undefined;
  for (const line of text.split("\n")) {
    const setting = /^ {2}cdc-kafka:(\w+):\s*(.*)$/.exec(line);
    const item = /^ {4}- (.+)$/.exec(line);
    if (setting) {
      list = setting[2] === "" ? [] : undefined;
      values[setting[1]] = setting[2];
      if (list) values[setting[1]] = "[]";
    } else if (item && list) {
      list.push(item[1]);
      values[Object.keys(values).pop() as string] = JSON.stringify(list);
    }
  }
  return values;
}

test("without config: one KafkaStack named cdc-kafka-<stack> with the library defaults, and its outputs", async () => {
  const outputs = await valuesOf(await suite.lib.kafkaStackProgram());
  expect(suite.mocks.ofType("cdc-kafka:index:KafkaStack").map((r) => [r.name, r.parent])).toEqual([["cdc-kafka-dev", undefined]]);
  expect(suite.mocks.resources).toHaveLength(15);
  expect(outputs).toEqual({
    hostBootstrapServers: "localhost:9092",
    internalBootstrapServers: "cdc-kafka-dev-broker-1:29092",
    networkName: "cdc-kafka-dev-network",
    brokerContainerNames: ["cdc-kafka-dev-broker-1"],
    dataVolumeNames: ["cdc-kafka-dev-broker-1-data"],
    clusterId: "Dt0bbbLBIsu2KEIXx8wfIw",
    clusterName: "cdc-kafka-dev",
    topicNames: ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"],
    replicationFactor: 1,
    minInsyncReplicas: 1,
    uiUrl: "http://localhost:8080",
    uiLogin: undefined,
    metricsUrl: undefined,
    metricsScrapeTargets: [],
    producerConfig: expect.objectContaining({ acks: "all", "enable.idempotence": "true" }),
    debeziumProducerConfig: expect.objectContaining({ "producer.override.acks": "all" }),
    consumerConfig: expect.objectContaining({ "enable.auto.commit": "false" }),
    adminConfig: {},
    security: "plaintext",
    caCertificate: undefined,
    labels: { "cdc-kafka.stack": "cdc-kafka/dev" },
  });
});

test("the dev stack's config is valid and selects the locally built images", async () => {
  const config = devStackConfig();
  expect(Object.keys(config)).toEqual(expect.arrayContaining(["kafkaImage", "uiImage", "topics", "namePrefix", "brokers"]));
  setConfig(config);
  const outputs = await valuesOf(await suite.lib.kafkaStackProgram());
  expect(suite.mocks.ofType("docker:index/remoteImage:RemoteImage").map((r) => r.inputs.name).sort()).toEqual([
    "cdc-kafka/kafka-ui:local",
    "cdc-kafka/kafka:3.6.2",
  ]);
  expect(outputs.topicNames).toEqual(["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"]);
});

test("Pulumi.dev.yaml spells out every setting, those with derived defaults in comments", async () => {
  const { STACK_CONFIG_KEYS } = await import("../../stackConfig");
  const text = fs.readFileSync(path.join(__dirname, "../../Pulumi.dev.yaml"), "utf8");
  const mentioned = [...text.matchAll(/^ {2}(?:# )?cdc-kafka:(\w+):/gm)].map((match) => match[1]);
  expect([...new Set(mentioned)].sort()).toEqual(Object.keys(STACK_CONFIG_KEYS).sort());
});

test("config values reach the stack: three brokers on consecutive host ports, a prefix, no UI", async () => {
  setConfig({ brokers: "3", hostPort: "19092", namePrefix: "pipeline", uiEnabled: "false", topics: '["orders"]' });
  const outputs = await valuesOf(await suite.lib.kafkaStackProgram());
  expect(suite.mocks.ofType(CONTAINER).map((r) => r.inputs.name).sort()).toEqual(["pipeline-broker-1", "pipeline-broker-2", "pipeline-broker-3"]);
  expect(outputs).toMatchObject({
    hostBootstrapServers: "localhost:19092,localhost:19093,localhost:19094",
    topicNames: ["orders"],
    uiUrl: undefined,
    clusterId: "I78NJEpMtiyF_Dqg6Ov46w",
  });
});

test("config of other namespaces is not this program's business", async () => {
  setConfig({}, { "docker:host": "unix:///var/run/docker.sock", "other:brokers": "x" });
  await expect(valuesOf(await suite.lib.kafkaStackProgram())).resolves.toMatchObject({ brokerContainerNames: ["cdc-kafka-dev-broker-1"] });
});

test("bad config fails with every problem, unreadable values and unknown keys first, and registers nothing", async () => {
  setConfig({ brokers: "two", hostport: "9092", minInsyncReplicas: "2", topics: '["a b"]', namePrefix: "Pipeline" });
  const failure = suite.lib.kafkaStackProgram();
  await expect(failure).rejects.toThrow(
    [
      'cdc-kafka:brokers is "two"; set it to a whole number.',
      "cdc-kafka:hostport is not a setting of this stack; rename it to cdc-kafka:hostPort.",
      'namePrefix "Pipeline" cannot name containers and volumes; use at most 50 lowercase letters, digits and "-", starting with a letter or digit.',
      "min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or add brokers.",
      'Topic name "a b" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".',
    ].join("\n"),
  );
  await expect(failure).rejects.toMatchObject({ name: "KafkaConfigError" });
  expect(await suite.mocks.settled()).toEqual([]);
});

test("a machine that cannot host the stack fails with every preflight sentence and registers nothing", async () => {
  setConfig({ brokers: "3", kafkaImage: "cdc-kafka/kafka:none" });
  const probe: HostProbe = {
    engineAddress: "unix:///var/run/docker.sock",
    engine: async () => ({ memoryBytes: 64 * 1024 ** 3 }),
    containers: async () => [],
    image: async (name) => (name.endsWith(":none") ? { present: false, pullable: false, reason: "no such host" } : { present: true }),
    bind: async (_ip, port) => (port === 9093 ? "in use" : "free"),
  };
  const failure = suite.lib.kafkaStackProgram(probe);
  await expect(failure).rejects.toThrow(
    [
      "port 9093 of broker 2 (hostPort + 1) is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
      "kafkaImage cdc-kafka/kafka:none is not in the Docker engine and cannot be pulled (no such host); build it with `npm run setup` or set cdc-kafka:kafkaImage.",
    ].join("\n"),
  );
  await expect(failure).rejects.toMatchObject({ name: "KafkaConfigError" });
  expect(await suite.mocks.settled()).toEqual([]);
});

test("index.ts exports the program's outputs, the stack's outputs by name", async () => {
  // index.ts is `export = kafkaStackProgram()`: CommonJS module.exports is the promise of the outputs.
  const exported: Record<string, pulumi.Output<unknown>> = await require("../../index");
  await valuesOf(exported);
  expect(Object.keys(exported).sort()).toEqual([
    "adminConfig",
    "brokerContainerNames",
    "caCertificate",
    "clusterId",
    "clusterName",
    "consumerConfig",
    "dataVolumeNames",
    "debeziumProducerConfig",
    "hostBootstrapServers",
    "internalBootstrapServers",
    "labels",
    "metricsScrapeTargets",
    "metricsUrl",
    "minInsyncReplicas",
    "networkName",
    "producerConfig",
    "replicationFactor",
    "security",
    "topicNames",
    "uiLogin",
    "uiUrl",
  ]);
});
