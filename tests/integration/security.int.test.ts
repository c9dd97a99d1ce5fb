// The secured stack (security sasl_ssl): who gets in and who does not, what each principal may do, delivery through
// the secured listeners under faults, secrets kept out of the state file, a stack that reaches clients by a
// non-loopback address of this machine, a certificate rotation, and the topics and ACLs of this library applied to a
// cluster another program started.
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { Kafka, KafkaConfig, logLevel } from "kafkajs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdcTopics, KafkaAccess } from "../../components";
import { kafkajsConnectionOptions } from "../../components/clientConfig";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../../components/kafkajsClient";
import { pulumi } from "../../support/cli";
import { destroyAndRemove, engineLog, plainOutputs, testStack } from "../../support/deploy";
import { docker, isHealthy, killAndStart, restartContainer } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { brokerTool, withAdmin } from "../../support/kafkaAdmin";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";
import { applyToolchainEnv } from "../../toolchain/env";
import { byDeadline, deliveryThroughFault, expectDeliveredThroughFault, FaultReport, readAll } from "../helpers/delivery";

type Configs = Record<"producerConfig" | "consumerConfig" | "adminConfig", Record<string, string>>;

const stackName = uniqueId("secured");
let stack: Stack;
let outputs: Record<string, unknown> & Configs;
/** The Docker bridge's gateway: an address of this machine that is not loopback. */
let bridgeAddress: string;
const reports: FaultReport[] = [];

const bootstrap = () => outputs.hostBootstrapServers as string;
const broker = () => (outputs.brokerContainerNames as string[])[0];
/** `key="value"` of a JAAS line. */
const jaas = (config: Record<string, string>, key: string) => new RegExp(`${key}="([^"]*)"`).exec(config["sasl.jaas.config"])![1];
const passwords = () => [outputs.adminConfig, outputs.producerConfig, outputs.consumerConfig].map((config) => jaas(config, "password"));
const changesOf = (summary: Record<string, number> | undefined) => Object.entries(summary ?? {}).filter(([kind, count]) => kind !== "same" && count > 0);

/** A raw kafkajs client with exactly these connection options (no retries: a refusal should surface at once). */
function rawClient(options: Pick<KafkaConfig, "ssl" | "sasl">): Kafka {
  return new Kafka({ clientId: "security-probe", brokers: [bootstrap()], logLevel: logLevel.NOTHING, connectionTimeout: 5_000, retry: { retries: 0 }, ...options });
}

async function listTopicsWith(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function newTopic(name: string, partitions = 3): Promise<string> {
  await withAdmin(bootstrap(), (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1 }] }), outputs.adminConfig);
  return name;
}

beforeAll(async () => {
  const bridge = await docker.getNetwork("bridge").inspect();
  bridgeAddress = bridge.IPAM?.Config?.[0]?.Gateway as string;
  expect(bridgeAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const { config } = await deploymentConfig(stackName, { security: "sasl_ssl", hostBindIp: bridgeAddress, advertisedHost: bridgeAddress, uiEnabled: "false" });
  stack = await testStack(stackName, config);
  await stack.up({ onOutput: engineLog(stackName) });
  outputs = (await plainOutputs(stack)) as typeof outputs;
});

afterAll(async () => {
  for (const r of reports) console.log(`${r.scenario}: acknowledged ${r.acknowledged} (before ${r.acknowledgedBefore}, after ${r.acknowledgedAfter}), read ${r.read}, lost ${r.lost}, duplicated ${r.duplicated}, resent ${r.resent}`);
  if (stack) await destroyAndRemove(stack, engineLog(stackName));
});

describe("a secured stack", () => {
  test("its client settings are secrets carrying SASL_SSL, SCRAM-SHA-512, a principal each and the stack's CA", async () => {
    const raw = await stack.outputs();
    for (const name of ["producerConfig", "consumerConfig", "debeziumProducerConfig", "adminConfig"]) expect([name, raw[name].secret]).toEqual([name, true]);
    expect(outputs.security).toBe("sasl_ssl");
    expect(outputs.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    for (const [config, user] of [[outputs.producerConfig, "connect"], [outputs.consumerConfig, "consumer"], [outputs.adminConfig, "admin"]] as const) {
      expect(config).toMatchObject({ "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512", "ssl.truststore.type": "PEM", "ssl.truststore.certificates": outputs.caCertificate });
      expect(jaas(config, "username")).toBe(user);
    }
  });

  test("advertised on a non-loopback address of this machine: a client reaching it produces and consumes, and every broker it learns of is there", async () => {
    expect(bootstrap()).toBe(`${bridgeAddress}:${bootstrap().split(":").pop()}`);
    const cluster = await withAdmin(bootstrap(), (admin) => admin.describeCluster(), outputs.adminConfig);
    expect(cluster.brokers.map((b) => b.host)).toEqual([bridgeAddress]);
    const topic = await newTopic(uniqueId("dbserver.secured.reach"));
    const producer = deliveryProducer(kafkaClient(bootstrap(), "reach-producer", outputs.producerConfig), outputs.producerConfig);
    await producer.connect();
    try {
      const messages = Array.from({ length: 50 }, (_, id) => ({ key: String(id), value: String(id) }));
      await sendAcknowledged(producer, topic, messages, outputs.producerConfig);
    } finally {
      await producer.disconnect();
    }
    const read = await readAll(bootstrap(), topic, uniqueId("cdc-reach"), 60_000, outputs);
    expect(read.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, id) => id));
  });

  test("a client without credentials is refused, over TLS and in plain text", async () => {
    const ca = outputs.caCertificate as string;
    await expect(listTopicsWith(rawClient({ ssl: { ca: [ca] } }))).rejects.toThrow();
    await expect(listTopicsWith(rawClient({}))).rejects.toThrow();
    // The same client with the admin's credentials gets in: the refusals above are about the credentials.
    expect(await listTopicsWith(rawClient({ ssl: { ca: [ca] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: passwords()[0] } }))).toEqual(
      expect.arrayContaining(outputs.topicNames as string[]),
    );
  });

  test("a wrong password is refused by SCRAM", async () => {
    const attempt = listTopicsWith(rawClient({ ssl: { ca: [outputs.caCertificate as string] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: "not-the-password-at-all" } }));
    await expect(attempt).rejects.toMatchObject({ name: "KafkaJSSASLAuthenticationError" });
  });

  test("a client that does not trust the stack's CA fails the TLS handshake", async () => {
    const attempt = listTopicsWith(rawClient({ ssl: true, sasl: { mechanism: "scram-sha-512", username: "admin", password: passwords()[0] } }));
    await expect(attempt).rejects.toThrow(/certificate/);
  });

  test("a principal without an ACL: TOPIC_AUTHORIZATION_FAILED on produce, GROUP_AUTHORIZATION_FAILED on consume", async () => {
    const topic = await newTopic(uniqueId("dbserver.secured.acl"), 1);
    // The consumer principal may read dbserver.* but write nothing.
    const producer = kafkaClient(bootstrap(), "acl-producer", outputs.consumerConfig).producer({ retry: { retries: 0 }, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await expect(producer.send({ topic, acks: -1, messages: [{ value: "x" }] })).rejects.toMatchObject({ type: "TOPIC_AUTHORIZATION_FAILED" });
    } finally {
      await producer.disconnect();
    }
    // The connect principal may write dbserver.* but join no "cdc-" group. kafkajs reports a refused FindCoordinator
    // only as "coordinator not found"; the broker's own answer is in its debug log, which is what is checked.
    const answers: string[] = [];
    const kafka = new Kafka({
      clientId: "acl-consumer",
      brokers: [bootstrap()],
      retry: { retries: 0 },
      ...(kafkajsConnectionOptions(outputs.producerConfig) as Pick<KafkaConfig, "ssl" | "sasl">),
      logLevel: logLevel.DEBUG,
      logCreator: () => ({ log }) => {
        const type = (log.error as { type?: string } | undefined)?.type;
        if (type !== undefined) answers.push(type);
      },
    });
    const consumer = kafka.consumer({ groupId: uniqueId("cdc-acl"), retry: { retries: 0 } });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const crashed = new Promise<unknown>((resolve) => consumer.on(consumer.events.CRASH, ({ payload }) => resolve(payload.error)));
      void consumer.run({ eachMessage: async () => undefined }).catch(() => undefined);
      await crashed;
      expect(answers).toContain("GROUP_AUTHORIZATION_FAILED");
    } finally {
      await consumer.disconnect();
    }
  });

  test.each([
    ["restart", () => restartContainer(broker())],
    ["kill", () => killAndStart(broker())],
  ])("no acknowledged message is lost through the secured listeners when the broker is hit by %s", async (scenario, fault) => {
    const run = {
      scenario,
      bootstrapServers: bootstrap(),
      topic: await newTopic(uniqueId(`dbserver.secured.${scenario}`)),
      producerConfig: outputs.producerConfig,
      readerConfigs: outputs,
      fault,
      faultContainers: [broker()],
      faultAfter: 2_000,
      acknowledgedAfterFault: 1_500,
      minimumCount: 6_000,
      batchSize: 100,
      pauseMs: 20,
      deadlineMs: 300_000,
    };
    const report = await deliveryThroughFault(run);
    reports.push(report);
    await waitFor(() => isHealthy(broker()), { timeoutMs: 60_000, what: `${broker()} to be healthy again` });
    expectDeliveredThroughFault(report, run);
  });

  test("the state file holds no password and no private key in plain text (pulumi stack export), and a second up changes nothing", async () => {
    const exported = await pulumi(["stack", "export", "--stack", stackName], { cwd: stack.workspace.workDir });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('"ciphertext"');
    for (const password of passwords()) expect(exported.stdout.includes(password)).toBe(false);
    expect(exported.stdout).not.toMatch(/PRIVATE KEY/);
    const again = await stack.up({ onOutput: engineLog(stackName) });
    expect(changesOf(again.summary.resourceChanges)).toEqual([]);
  });

  test("a changed adminPassword is refused before anything changes: one sentence, the same broker container, nothing to do once it is set back", async () => {
    const before = (await docker.getContainer(broker()).inspect()).Id;
    await stack.setConfig("cdc-kafka:adminPassword", { value: "AnotherAdminPassword0123456789xyz", secret: true });
    try {
      await expect(stack.up({ onOutput: engineLog(stackName) })).rejects.toThrow(
        "adminPassword cannot change on a deployed secured stack: the admin credential is written into the cluster's metadata when its storage is first formatted; set adminPassword back to the deployed one, or destroy the stack and its data volumes to start over.",
      );
    } finally {
      await stack.removeConfig("cdc-kafka:adminPassword");
    }
    expect((await docker.getContainer(broker()).inspect()).Id).toBe(before);
    expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).toEqual(expect.arrayContaining(outputs.topicNames as string[]));
    const again = await stack.up({ onOutput: engineLog(stackName) });
    expect(changesOf(again.summary.resourceChanges)).toEqual([]);
  });

  test("topics and ACLs on a cluster another program started: created, updated and removed without a container", async () => {
    const ext = await externalProgram(1);
    try {
      const topic = "dbserver.external.orders";
      await ext.up({ onOutput: engineLog(ext.name) });
      const extOutputs = await plainOutputs(ext);
      const consumerConfig = { ...outputs.consumerConfig, "sasl.jaas.config": outputs.consumerConfig["sasl.jaas.config"].replace(/username="[^"]*" password="[^"]*"/, `username="ext-consumer" password="${extOutputs.consumerPassword}"`) };
      const partitions = () => withAdmin(bootstrap(), async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length, outputs.adminConfig);
      expect(await partitions()).toBe(1);
      // Its own consumer principal reads the topic in a "cdc-" group: the user and its ACLs exist.
      const admin = kafkaClient(bootstrap(), "ext-writer", outputs.adminConfig).producer();
      await admin.connect();
      await admin.send({ topic, acks: -1, messages: [{ value: "7" }] }).finally(() => admin.disconnect());
      expect(await readAll(bootstrap(), topic, uniqueId("cdc-ext"), 30_000, { consumerConfig, adminConfig: outputs.adminConfig })).toEqual([7]);

      const updated = await externalProgram(2, ext.workspace.workDir);
      await updated.up({ onOutput: engineLog(ext.name) });
      expect(await partitions()).toBe(2);
      await updated.destroy({ onOutput: engineLog(ext.name) });
      expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).not.toContain(topic);
      await expect(listTopicsWith(kafkaClient(bootstrap(), "ext-consumer", consumerConfig))).rejects.toMatchObject({ name: "KafkaJSSASLAuthenticationError" });
      // Kafka 3.6.2 loses every SCRAM credential when a restart replays the removal of one the provider wrote; the
      // broker's frequent snapshots close that window (SCRAM_SNAPSHOT_ENVIRONMENT). Once one covers the removal, a
      // restart keeps the stack's principals.
      const before = await latestSnapshotOffset();
      await waitFor(async () => (await latestSnapshotOffset()) > before, { timeoutMs: 60_000, what: "a metadata snapshot after the removal" });
      await restartContainer(broker());
      await waitFor(() => isHealthy(broker()), { timeoutMs: 90_000, what: `${broker()} to be healthy after its restart` });
      expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).toEqual(expect.arrayContaining(outputs.topicNames as string[]));
    } finally {
      await ext.workspace.removeStack(ext.name, { force: true }).catch(() => undefined);
    }
  });

  test("changing tlsRotation makes a new CA and broker certificate: clients with the new CA get in, the old CA is refused", async () => {
    const oldCa = outputs.caCertificate as string;
    await stack.setConfig("cdc-kafka:tlsRotation", { value: "2" });
    await stack.up({ onOutput: engineLog(stackName) });
    outputs = (await plainOutputs(stack)) as typeof outputs;
    expect(outputs.caCertificate).not.toBe(oldCa);
    expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).toEqual(expect.arrayContaining(outputs.topicNames as string[]));
    const stale = { ...outputs.adminConfig, "ssl.truststore.certificates": oldCa };
    await expect(listTopicsWith(rawClient({ ssl: { ca: [oldCa] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: jaas(stale, "password") } }))).rejects.toThrow(/certificate/);
  });
});

/** The offset the newest metadata snapshot (`<offset>-<epoch>.checkpoint`) covers up to; -1 without one. */
async function latestSnapshotOffset(): Promise<number> {
  const files = (await brokerTool(broker(), ["ls", "/var/lib/kafka/data/__cluster_metadata-0"])).split(/\s+/);
  const offsets = files.map((file) => /^(\d{20})-\d{10}\.checkpoint$/.exec(file)).filter((match) => match !== null);
  return Math.max(-1, ...offsets.map((match) => Number(match![1])));
}

/**
 * A separate Pulumi program that uses the library on the secured cluster as an existing one: CdcTopics with one topic
 * of `partitions`, and KafkaAccess with its own user names; it connects as the stack's admin.
 */
async function externalProgram(partitions: number, workDir?: string): Promise<Stack> {
  applyToolchainEnv();
  const name = `${stackName}-ext`;
  const security = { caCertificatePem: outputs.caCertificate as string, sasl: { username: "admin", password: passwords()[0] } };
  const program = async () => {
    new CdcTopics("ext-topics", { hostBootstrapServers: [bootstrap()], security, topics: ["dbserver.external.orders"], topicPartitions: partitions });
    const consumerPassword = "ext-consumer-password-0123456789";
    new KafkaAccess("ext-access", {
      bootstrapServers: [bootstrap()],
      security,
      usernames: { connect: "ext-connect", consumer: "ext-consumer", ui: "ext-ui" },
      passwords: { connect: "ext-connect-password-0123456789", consumer: consumerPassword, ui: "ext-ui-password-0123456789ab" },
    });
    return { consumerPassword };
  };
  const dir = workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  return LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "cdc-kafka-external", program },
    {
      workDir: dir,
      projectSettings: { name: "cdc-kafka-external", runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
      envVars: { NODE_PATH: path.join(__dirname, "..", "..", "node_modules") },
    },
  );
}

describe("three secured brokers", () => {
  const name = uniqueId("secured3");
  let three: Stack;
  let values: Record<string, unknown> & Configs;
  const isrSizes = async () =>
    withAdmin(
      values.hostBootstrapServers as string,
      async (admin) => (await admin.fetchTopicMetadata({ topics: values.topicNames as string[] })).topics.flatMap((topic) => topic.partitions.map((p) => p.isr.length)),
      values.adminConfig,
    );

  beforeAll(async () => {
    const { config } = await deploymentConfig(name, { security: "sasl_ssl", brokers: "3", uiEnabled: "false", metricsEnabled: "false" });
    three = await testStack(name, config);
    await three.up({ onOutput: engineLog(name) });
    values = (await plainOutputs(three)) as typeof values;
  });

  afterAll(async () => {
    if (three) await destroyAndRemove(three, engineLog(name));
  });

  test("replicate over mutual TLS: all replicas in sync, and a restarted broker replicates again (acks=all holds with it as the second replica)", async () => {
    // A broker may answer before it has learnt of a topic the provider just created (UNKNOWN_TOPIC_OR_PARTITION).
    await waitFor(async () => (await isrSizes()).every((size) => size === 3), { timeoutMs: 60_000, what: "every CDC topic partition to have three in-sync replicas" });
    const [, second, third] = values.brokerContainerNames as string[];
    const topic = uniqueId("dbserver.secured.three");
    const bootstrapThree = values.hostBootstrapServers as string;
    // kafkajs waits for leaders by default, and gives up when the broker it asks has not learnt of the topic yet.
    await withAdmin(bootstrapThree, (admin) => admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 3, replicationFactor: 3 }] }), values.adminConfig);
    // So wait for every replica in sync instead.
    const allInSync = () =>
      waitFor(
        () => withAdmin(bootstrapThree, async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.every((p) => p.isr.length === 3), values.adminConfig),
        { timeoutMs: 60_000, what: `${topic} to have three in-sync replicas per partition` },
      );
    await allInSync();
    await restartContainer(second);
    await waitFor(() => isHealthy(second), { timeoutMs: 90_000, what: `${second} to be healthy after its restart` });
    // Healthy is not yet in sync: the restarted broker rejoins each partition's ISR once its fetches over the
    // REPLICATION listener (mutual TLS, CN kafka-broker) have caught up.
    await allInSync();
    // With the third broker stopped, min.insync.replicas 2 needs the restarted one in sync and still fetching, or
    // acks=all writes are refused (NOT_ENOUGH_REPLICAS).
    await docker.getContainer(third).stop({ t: 10 });
    try {
      // The library's own producer (acks=all, idempotent, retrying until acknowledged). Its connect can meet a broker
      // that has no producer ids yet (InitProducerId answered COORDINATOR_LOAD_IN_PROGRESS, once for over 9 s here),
      // which it waits out; the send is bounded by a deadline of its own.
      const producer = deliveryProducer(kafkaClient(bootstrapThree, "three-secured", values.producerConfig), values.producerConfig);
      await producer.connect();
      try {
        const messages = Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: String(i) }));
        const answers = await byDeadline(sendAcknowledged(producer, topic, messages, values.producerConfig), Date.now() + 60_000, `an acks=all send to ${topic} with ${third} stopped`);
        expect(answers.map((answer) => answer.errorCode)).toEqual(answers.map(() => 0));
        expect(new Set(answers.map((answer) => answer.partition))).toEqual(new Set([0, 1, 2]));
      } finally {
        await producer.disconnect();
      }
    } finally {
      await docker.getContainer(third).start();
      await waitFor(() => isHealthy(third), { timeoutMs: 90_000, what: `${third} to be healthy again` });
    }
  });
});
