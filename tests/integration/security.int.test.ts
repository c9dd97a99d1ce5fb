// The secured stack (security sasl_ssl): who gets in and who does not, what each principal may do, delivery through
// the secured listeners under faults, secrets kept out of the state file and out of what the run prints, a stack that
// reaches clients by a non-loopback address of this machine (the gateway of a network the test makes), a certificate
// rotation, and the topics and ACLs of this library applied to a cluster another program started. The console's
// principal reads the CDC topics, not Connect's; the broker's keys are private to its user; no secret in its env.
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { Kafka, KafkaConfig, logLevel } from "kafkajs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdcTopics, KafkaAccess } from "../../components";
import { CONNECT_RESOURCE_PREFIX, PRINCIPALS, PrincipalRole } from "../../components/accessControl";
import { KEYSTORE_FILE, SECURITY_DIR, TRUSTSTORE_FILE } from "../../components/brokerEnv";
import { kafkajsConnectionOptions, scramJaasConfig } from "../../components/clientConfig";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../../components/kafkajsClient";
import { pulumi } from "../../support/cli";
import { destroyAndRemove, engineLog, plainOutputs, testStack } from "../../support/deploy";
import { docker, isHealthy, killAndStart, restartContainer } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { brokerTool, withAdmin } from "../../support/kafkaAdmin";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";
import { applyToolchainEnv } from "../../toolchain/env";
import { KafkajsClusterReader } from "../../ui/kafkaAdmin";
import { byDeadline, deliveryThroughFault, expectDeliveredThroughFault, FaultReport, readAll } from "../helpers/delivery";
import { createOwnNetwork, isLocalAddress, OwnNetwork } from "../helpers/ownNetwork";
import { containerLogs, leakedSecrets, NamedSecret, recordedEngineLog, stackSecrets } from "../helpers/secretLeaks";

type Configs = Record<"producerConfig" | "consumerConfig" | "adminConfig", Record<string, string>>;

const stackName = uniqueId("secured");
let stack: Stack;
let stackLabel: string;
let outputs: Record<string, unknown> & Configs;
/** A network this test makes; its gateway is the address of this machine (not loopback) the stack is reached by. */
let reach: OwnNetwork | undefined;
/** Everything the engine printed for this stack and the external program, kept to be searched for secrets. */
const log = recordedEngineLog(stackName);
const extLog = recordedEngineLog(`${stackName}-ext`);
const reports: FaultReport[] = [];

const bootstrap = () => outputs.hostBootstrapServers as string;
const broker = () => (outputs.brokerContainerNames as string[])[0];
/** `key="value"` of a JAAS line. */
const jaas = (config: Record<string, string>, key: string) => new RegExp(`${key}="([^"]*)"`).exec(config["sasl.jaas.config"])![1];
const adminPassword = () => jaas(outputs.adminConfig, "password");
const ROLES = Object.keys(PRINCIPALS) as PrincipalRole[];
const changesOf = (summary: Record<string, number> | undefined) => Object.entries(summary ?? {}).filter(([kind, count]) => kind !== "same" && count > 0);

/** The broker's answer to SCRAM credentials it does not know, as kafkajs reports it. */
const SCRAM_REFUSED = {
  name: "KafkaJSSASLAuthenticationError",
  message: "SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512",
};
/** Node's TLS verdict on a broker certificate no trusted CA signed, as kafkajs passes it on. */
const UNTRUSTED_CERTIFICATE = /^Connection error: (self[- ]signed certificate in certificate chain|unable to get local issuer certificate|unable to verify the first certificate)$/;

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
  reach = await createOwnNetwork(`cdc-${stackName}-reach`, { "cdc-kafka.test": stackName });
  // Docker gives the gateway to this machine (on the network's bridge, which has no link until a container joins).
  expect([reach.gateway, await isLocalAddress(reach.gateway)]).toEqual([reach.gateway, true]);
  const deployment = await deploymentConfig(stackName, { security: "sasl_ssl", hostBindIp: reach.gateway, advertisedHost: reach.gateway, uiEnabled: "false" });
  stackLabel = deployment.stackLabel;
  stack = await testStack(stackName, deployment.config);
  await stack.up(log);
  outputs = (await plainOutputs(stack)) as typeof outputs;
});

afterAll(async () => {
  for (const r of reports) console.log(`${r.scenario}: acknowledged ${r.acknowledged} (before ${r.acknowledgedBefore}, after ${r.acknowledgedAfter}), read ${r.read}, lost ${r.lost}, duplicated ${r.duplicated}, resent ${r.resent}`);
  try {
    if (stack) await destroyAndRemove(stack, log.onOutput);
  } finally {
    // After the stack: its ports are published on the gateway's address.
    await reach?.remove();
  }
});

describe("a secured stack", () => {
  test("its client settings are secrets carrying SASL_SSL, SCRAM-SHA-512, a principal each and the stack's CA", async () => {
    const raw = await stack.outputs();
    for (const name of ["producerConfig", "consumerConfig", "debeziumProducerConfig", "adminConfig"]) expect([name, raw[name].secret]).toEqual([name, true]);
    expect(outputs.security).toBe("sasl_ssl");
    expect(outputs.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // Field by field, so that a failure prints no sasl.jaas.config (it holds the password).
    for (const [config, user] of [[outputs.producerConfig, "connect"], [outputs.consumerConfig, "consumer"], [outputs.adminConfig, "admin"]] as const) {
      const settings = ["security.protocol", "sasl.mechanism", "ssl.truststore.type"].map((key) => config[key]);
      expect([user, ...settings, config["ssl.truststore.certificates"] === outputs.caCertificate]).toEqual([user, "SASL_SSL", "SCRAM-SHA-512", "PEM", true]);
      expect(jaas(config, "username")).toBe(user);
    }
  });

  test("advertised on a non-loopback address of this machine: a client reaching it produces and consumes, and every broker it learns of is there", async () => {
    expect(bootstrap()).toBe(`${reach!.gateway}:${bootstrap().split(":").pop()}`);
    const cluster = await withAdmin(bootstrap(), (admin) => admin.describeCluster(), outputs.adminConfig);
    expect(cluster.brokers.map((b) => b.host)).toEqual([reach!.gateway]);
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

  test("a client without credentials is refused, over TLS and in plain text: the broker hangs up and logs why", async () => {
    const ca = outputs.caCertificate as string;
    const since = Math.floor(Date.now() / 1000) - 1;
    // The broker closes the connection at the first request that is not part of authentication; kafkajs reports that
    // as "Closed connection", and a timeout ("Connection timeout", "Request … timed out") would not match.
    await expect(listTopicsWith(rawClient({ ssl: { ca: [ca] } }))).rejects.toThrow(/^Closed connection$/);
    await expect(listTopicsWith(rawClient({}))).rejects.toThrow(/^(Closed connection|Connection error: read ECONNRESET)$/);
    // Why, in the broker's words (org.apache.kafka.common.network.Selector, INFO): only those lines are compared.
    const reasons = (await containerLogs(stackLabel, since))
      .split("\n")
      .map((line) => /Failed authentication with \S+ \(channelId=[^)]*\) \((.*)\) \(org\.apache\.kafka\.common\.network\.Selector\)/.exec(line)?.[1])
      .filter((reason) => reason !== undefined);
    expect(reasons).toEqual(expect.arrayContaining(["Unexpected Kafka request of type METADATA during SASL handshake.", "SSL handshake failed"]));
    // The same client with the admin's credentials gets in: the refusals above are about the credentials.
    expect(await listTopicsWith(rawClient({ ssl: { ca: [ca] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: adminPassword() } }))).toEqual(
      expect.arrayContaining(outputs.topicNames as string[]),
    );
  });

  test("a wrong password is refused by SCRAM", async () => {
    const attempt = listTopicsWith(rawClient({ ssl: { ca: [outputs.caCertificate as string] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: "not-the-password-at-all" } }));
    await expect(attempt).rejects.toMatchObject(SCRAM_REFUSED);
  });

  test("a client that does not trust the stack's CA fails the TLS handshake", async () => {
    const attempt = listTopicsWith(rawClient({ ssl: true, sasl: { mechanism: "scram-sha-512", username: "admin", password: adminPassword() } }));
    await expect(attempt).rejects.toThrow(UNTRUSTED_CERTIFICATE);
  });

  test("the console's principal (ui) lists every topic and reads a CDC topic, but Connect's internal topics are refused: TOPIC_AUTHORIZATION_FAILED", async () => {
    const { passwords } = await stackSecrets(stack);
    const uiConfig = { ...outputs.adminConfig, "sasl.jaas.config": scramJaasConfig({ username: PRINCIPALS.ui, password: passwords.ui! }) };
    const cdcTopic = await newTopic(uniqueId("dbserver.secured.ui"), 1);
    // Named as Connect names its configs, offsets and status topics; the configs topic holds connector settings.
    const connectTopic = await newTopic(uniqueId(`${CONNECT_RESOURCE_PREFIX}secured-ui`), 1);
    const writer = kafkaClient(bootstrap(), "ui-acl-writer", outputs.adminConfig).producer();
    await writer.connect();
    try {
      for (const topic of [cdcTopic, connectTopic]) await writer.send({ topic, acks: -1, messages: [{ value: topic }] });
    } finally {
      await writer.disconnect();
    }
    // The console's own reader (group-less fetch), logged in as ui.
    const cluster = { name: "secured", bootstrapServers: [bootstrap()], readOnly: true, connection: kafkajsConnectionOptions(uiConfig), connects: [], metrics: null };
    const reader = new KafkajsClusterReader(cluster as ConstructorParameters<typeof KafkajsClusterReader>[0], 10_000);
    try {
      expect((await reader.topics()).map((topic) => topic.name)).toEqual(expect.arrayContaining([cdcTopic, connectTopic]));
      expect((await reader.readRecords(cdcTopic, [{ partition: 0, from: 0, to: 1 }])).map((record) => String(record.value))).toEqual([cdcTopic]);
      await expect(reader.readRecords(connectTopic, [{ partition: 0, from: 0, to: 1 }])).rejects.toMatchObject({ type: "TOPIC_AUTHORIZATION_FAILED" });
    } finally {
      await reader.close();
    }
  });

  test("the broker's key and CA are its user's own (uid 1000), 0400; the SCRAM bootstrap file is gone; no secret in the brokers' environment or command lines", async () => {
    const listing = await brokerTool(broker(), ["bash", "-c", `stat -c '%n %U %u %a' ${SECURITY_DIR} ${SECURITY_DIR}/*; id -u`]);
    expect(listing.trim().split("\n")).toEqual([
      `${SECURITY_DIR} appuser 1000 700`,
      `${KEYSTORE_FILE} appuser 1000 400`,
      `${TRUSTSTORE_FILE} appuser 1000 400`,
      "1000",
    ]);
    const secrets = await secretsOfStack();
    for (const name of outputs.brokerContainerNames as string[]) {
      const container = docker.getContainer(name);
      const [inspected, top] = await Promise.all([container.inspect(), container.top({ ps_args: "-eo pid,args" })]);
      // The search finds what it looks for: the inspected container holds its own name.
      expect([name, JSON.stringify(inspected).includes(name), leakedSecrets(JSON.stringify(inspected), secrets), leakedSecrets(JSON.stringify(top.Processes), secrets)]).toEqual([name, true, [], []]);
    }
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
    // Booleans and names only: a failure must not print the export, which would then hold the secret.
    expect([exported.stdout.includes('"ciphertext"'), /PRIVATE KEY/.test(exported.stdout)]).toEqual([true, false]);
    expect(leakedSecrets(exported.stdout, await secretsOfStack())).toEqual([]);
    const again = await stack.up(log);
    expect(changesOf(again.summary.resourceChanges)).toEqual([]);
  });

  test("a changed adminPassword is refused before anything changes: one sentence, the same broker container, nothing to do once it is set back", async () => {
    const before = (await docker.getContainer(broker()).inspect()).Id;
    await stack.setConfig("cdc-kafka:adminPassword", { value: "AnotherAdminPassword0123456789xyz", secret: true });
    try {
      await expect(stack.up(log)).rejects.toThrow(
        "adminPassword cannot change on a deployed secured stack: the admin credential is written into the cluster's metadata when its storage is first formatted; set adminPassword back to the deployed one, or destroy the stack and its data volumes to start over.",
      );
    } finally {
      await stack.removeConfig("cdc-kafka:adminPassword");
    }
    expect((await docker.getContainer(broker()).inspect()).Id).toBe(before);
    expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).toEqual(expect.arrayContaining(outputs.topicNames as string[]));
    const again = await stack.up(log);
    expect(changesOf(again.summary.resourceChanges)).toEqual([]);
  });

  test("topics and ACLs on a cluster another program started: created, updated and removed without a container", async () => {
    const ext = await externalProgram(1);
    try {
      const topic = "dbserver.external.orders";
      await ext.up(extLog);
      const consumerConfig = { ...outputs.consumerConfig, "sasl.jaas.config": outputs.consumerConfig["sasl.jaas.config"].replace(/username="[^"]*" password="[^"]*"/, `username="ext-consumer" password="${EXT_PASSWORDS.consumer}"`) };
      const partitions = () => withAdmin(bootstrap(), async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length, outputs.adminConfig);
      expect(await partitions()).toBe(1);
      // Its own consumer principal reads the topic in a "cdc-" group: the user and its ACLs exist.
      const admin = kafkaClient(bootstrap(), "ext-writer", outputs.adminConfig).producer();
      await admin.connect();
      await admin.send({ topic, acks: -1, messages: [{ value: "7" }] }).finally(() => admin.disconnect());
      expect(await readAll(bootstrap(), topic, uniqueId("cdc-ext"), 30_000, { consumerConfig, adminConfig: outputs.adminConfig })).toEqual([7]);

      const updated = await externalProgram(2, ext.workspace.workDir);
      await updated.up(extLog);
      expect(await partitions()).toBe(2);
      await updated.destroy(extLog);
      expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).not.toContain(topic);
      await expect(listTopicsWith(kafkaClient(bootstrap(), "ext-consumer", consumerConfig))).rejects.toMatchObject(SCRAM_REFUSED);
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
    await stack.up(log);
    outputs = (await plainOutputs(stack)) as typeof outputs;
    expect(outputs.caCertificate).not.toBe(oldCa);
    expect(await withAdmin(bootstrap(), (admin) => admin.listTopics(), outputs.adminConfig)).toEqual(expect.arrayContaining(outputs.topicNames as string[]));
    const stale = { ...outputs.adminConfig, "ssl.truststore.certificates": oldCa };
    await expect(listTopicsWith(rawClient({ ssl: { ca: [oldCa] }, sasl: { mechanism: "scram-sha-512", username: "admin", password: jaas(stale, "password") } }))).rejects.toThrow(UNTRUSTED_CERTIFICATE);
  });

  // Last of this block, so that it also searches what the tests before it printed; run alone, it covers the deployment.
  test("no secret of the stack in what the run printed: the engine output of every up and destroy, the containers' logs", async () => {
    const secrets = await secretsOfStack();
    const external = Object.entries(EXT_PASSWORDS).map(([role, value]) => ({ name: `the external program's ${role} password`, value }));
    // The search finds what is there: every secret of the stack in its decrypted state.
    expect(leakedSecrets(JSON.stringify(await stack.exportStack()), secrets)).toEqual(secrets.map(({ name }) => name));
    const engineOutput = log.text() + extLog.text();
    const logs = await containerLogs(stackLabel);
    expect([/Resources:/.test(engineOutput), /Kafka Server started/.test(logs)]).toEqual([true, true]);
    expect({ engineOutput: leakedSecrets(engineOutput, [...secrets, ...external]), containerLogs: leakedSecrets(logs, [...secrets, ...external]) }).toEqual({ engineOutput: [], containerLogs: [] });
  });
});

/** The offset the newest metadata snapshot (`<offset>-<epoch>.checkpoint`) covers up to; -1 without one. */
async function latestSnapshotOffset(): Promise<number> {
  const files = (await brokerTool(broker(), ["ls", "/var/lib/kafka/data/__cluster_metadata-0"])).split(/\s+/);
  const offsets = files.map((file) => /^(\d{20})-\d{10}\.checkpoint$/.exec(file)).filter((match) => match !== null);
  return Math.max(-1, ...offsets.map((match) => Number(match![1])));
}

/**
 * Every secret of the stack: the four principals' passwords and each private key, from the decrypted state, which
 * must agree with the client settings (so the search looks for the passwords clients really use).
 */
async function secretsOfStack(): Promise<NamedSecret[]> {
  const { passwords, privateKeys } = await stackSecrets(stack);
  const inSettings = { admin: outputs.adminConfig, connect: outputs.producerConfig, consumer: outputs.consumerConfig } as const;
  expect(Object.keys(passwords).sort()).toEqual([...ROLES].sort());
  expect(Object.entries(inSettings).map(([role, config]) => [role, passwords[role as PrincipalRole] === jaas(config, "password")])).toEqual(Object.keys(inSettings).map((role) => [role, true]));
  expect(privateKeys.length).toBeGreaterThanOrEqual(2);
  return [...ROLES.map((role) => ({ name: `the ${role} password`, value: passwords[role]! })), ...privateKeys];
}

/** The external program's principals' passwords (no output: `up` would print a plain one). */
const EXT_PASSWORDS = { connect: "ext-connect-password-0123456789", consumer: "ext-consumer-password-0123456789", ui: "ext-ui-password-0123456789ab" };

/**
 * A separate Pulumi program that uses the library on the secured cluster as an existing one: CdcTopics with one topic
 * of `partitions`, and KafkaAccess with its own user names; it connects as the stack's admin.
 */
async function externalProgram(partitions: number, workDir?: string): Promise<Stack> {
  applyToolchainEnv();
  const name = `${stackName}-ext`;
  const security = { caCertificatePem: outputs.caCertificate as string, sasl: { username: "admin", password: adminPassword() } };
  const program = async () => {
    new CdcTopics("ext-topics", { hostBootstrapServers: [bootstrap()], security, topics: ["dbserver.external.orders"], topicPartitions: partitions });
    new KafkaAccess("ext-access", { bootstrapServers: [bootstrap()], security, usernames: { connect: "ext-connect", consumer: "ext-consumer", ui: "ext-ui" }, passwords: EXT_PASSWORDS });
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
        // Resolving is the check (kafkajs rejects an acks=all write the ISR cannot take); then every message is
        // committed: the high watermarks, which move only once the in-sync replicas have a record, add up to 30.
        const answers = await byDeadline(sendAcknowledged(producer, topic, messages, values.producerConfig), Date.now() + 60_000, `an acks=all send to ${topic} with ${third} stopped`);
        expect(new Set(answers.map((answer) => answer.partition))).toEqual(new Set([0, 1, 2]));
        const highWatermarks = await withAdmin(bootstrapThree, (admin) => admin.fetchTopicOffsets(topic), values.adminConfig);
        expect(highWatermarks.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(30);
      } finally {
        await producer.disconnect();
      }
    } finally {
      await docker.getContainer(third).start();
      await waitFor(() => isHealthy(third), { timeoutMs: 90_000, what: `${third} to be healthy again` });
    }
  });
});

describe("a secured stack that keeps its data volumes, with adminPassword set", () => {
  const name = uniqueId("secured-kept");
  // What the refusal of keepDataVolume with a generated admin password tells users to do.
  const keptAdminPassword = "Kept-volume-admin-password-0123456789";
  let kept: Stack | undefined;
  let volumes: string[] = [];

  afterAll(async () => {
    try {
      if (kept) await destroyAndRemove(kept, engineLog(name));
    } finally {
      for (const volume of volumes) await docker.getVolume(volume).remove().catch(() => undefined);
    }
  });

  test("destroy then up: the brokers start on the kept data, whose admin credential the set password still matches, and every principal gets in", async () => {
    const { config, stackLabel: keptLabel } = await deploymentConfig(name, { security: "sasl_ssl", keepDataVolume: "true", uiEnabled: "false", metricsEnabled: "false" });
    kept = await testStack(name, config);
    await kept.setConfig("cdc-kafka:adminPassword", { value: keptAdminPassword, secret: true });
    await kept.up({ onOutput: engineLog(name) });
    volumes = (await plainOutputs(kept)).dataVolumeNames as string[];
    await kept.destroy({ onOutput: engineLog(name) });
    const left = await Promise.all(volumes.map(async (volume) => (await docker.getVolume(volume).inspect()).Name));
    expect(left).toEqual(volumes);

    await kept.up({ onOutput: engineLog(name) });
    const values = (await plainOutputs(kept)) as Record<string, unknown> & Configs;
    // The brokers did start on the kept data: their storage was not formatted again.
    expect(await containerLogs(keptLabel)).toContain("already formatted; not formatting");
    const servers = values.hostBootstrapServers as string;
    expect(await withAdmin(servers, (admin) => admin.listTopics(), values.adminConfig)).toEqual(expect.arrayContaining(values.topicNames as string[]));
    const topic = uniqueId("dbserver.secured.kept");
    await withAdmin(servers, (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] }), values.adminConfig);
    const producer = deliveryProducer(kafkaClient(servers, "kept-producer", values.producerConfig), values.producerConfig);
    await producer.connect();
    try {
      await sendAcknowledged(producer, topic, [{ key: "1", value: "1" }], values.producerConfig);
    } finally {
      await producer.disconnect();
    }
    expect(await readAll(servers, topic, uniqueId("cdc-kept"), 30_000, values)).toEqual([1]);
  });
});
