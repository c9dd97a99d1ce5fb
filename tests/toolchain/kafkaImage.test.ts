// The built local Kafka image on the real Docker engine, alone (no stack): it becomes healthy under the healthcheck
// the library uses, that healthcheck turns unhealthy when the broker stops answering or the quorum has no leader,
// a restart keeps the data and the cluster id (storage formatted once), and KRaft without CLUSTER_ID is refused.
// Started as a secured stack starts it: the admin's SCRAM credential reaches the metadata without ever being on a
// command line, and uploaded keys become the broker user's own, 0400.
import { execFile } from "child_process";
import { Kafka, logLevel } from "kafkajs";
import * as tar from "tar-stream";
import { brokerHealthcheckTest } from "../../components/brokerHealthcheck";
import { containerState, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { waitFor } from "../../support/waitFor";
import { leakedSecrets } from "../helpers/secretLeaks";

const IMAGE = process.env.CDC_KAFKA_IMAGE ?? "cdc-kafka/kafka:3.6.2";
const DATA_DIR = "/var/lib/kafka/data";
const INTERNAL_PORT = 29092;
const SECOND_NS = 1_000_000_000;

const testId = uniqueId("kafka-image");
const labels = { "cdc-kafka.test": testId };
const name = testId;
const volume = `${testId}-data`;
const network = `${testId}-net`;
const clusterId = "Zp3Qm9vUT0C4lq8Vx2n6bA";

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function logs(container: string): Promise<string> {
  const result = await run("docker", ["logs", container]);
  return result.stdout + result.stderr;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The container's env for one KRaft combined broker+controller, as the library configures it. */
function brokerEnv(hostPort: number, withClusterId = true): string[] {
  const env = {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: `EXTERNAL://0.0.0.0:9092,INTERNAL://0.0.0.0:${INTERNAL_PORT},CONTROLLER://0.0.0.0:29093`,
    KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://127.0.0.1:${hostPort},INTERNAL://${name}:${INTERNAL_PORT}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
    KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:29093",
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
    ...(withClusterId ? { CLUSTER_ID: clusterId } : {}),
  };
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

async function waitForHealth(status: "healthy" | "unhealthy", timeoutMs: number): Promise<void> {
  await waitFor(async () => (await containerState(name)).health === status, { timeoutMs, intervalMs: 250, what: `${name} to be ${status}` });
}

async function removeLabelled(): Promise<void> {
  const filters = { label: [`cdc-kafka.test=${testId}`] };
  for (const info of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(info.Id).remove({ force: true, v: true });
  }
  for (const info of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(info.Name).remove();
  for (const info of await docker.listNetworks({ filters })) await docker.getNetwork(info.Id).remove();
}

describe(`${IMAGE} on its own`, () => {
  let hostPort: number;
  let kafka: Kafka;

  beforeAll(async () => {
    hostPort = await freePort();
    kafka = new Kafka({ clientId: testId, brokers: [`127.0.0.1:${hostPort}`], logLevel: logLevel.NOTHING });
    await docker.createNetwork({ Name: network, Labels: labels });
    await docker.createVolume({ Name: volume, Labels: labels });
    const container = await docker.createContainer({
      name,
      Image: IMAGE,
      Labels: labels,
      Env: brokerEnv(hostPort),
      ExposedPorts: { "9092/tcp": {} },
      Healthcheck: {
        Test: brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR }),
        Interval: 1 * SECOND_NS,
        Timeout: 5 * SECOND_NS,
        Retries: 2,
        StartPeriod: 0,
      },
      HostConfig: {
        Binds: [`${volume}:${DATA_DIR}`],
        PortBindings: { "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }] },
        NetworkMode: network,
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
    });
    const started = Date.now();
    await container.start();
    await waitForHealth("healthy", 90_000);
    console.log(`${IMAGE}: docker start -> healthy in ${Date.now() - started} ms`);
  }, 120_000);

  afterAll(async () => {
    await removeLabelled();
  }, 60_000);

  test("runs as appuser (uid 1000) and wrote its data to the fresh named volume", async () => {
    const result = await run("docker", ["exec", name, "bash", "-c", `id -u; stat -c %U ${DATA_DIR}/meta.properties`]);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual(["1000", "appuser"]);
  });

  test("its probe fails on the same running broker when the quorum-state it reads records no leader", async () => {
    const fakeDir = "/tmp/no-leader";
    const noLeader = '{"clusterId":"","leaderId":-1,"leaderEpoch":2,"votedId":1,"appliedOffset":0,"currentVoters":[{"voterId":1}],"data_version":0}';
    await run("docker", ["exec", name, "bash", "-c", `mkdir -p ${fakeDir}/__cluster_metadata-0 && printf '%s' '${noLeader}' > ${fakeDir}/__cluster_metadata-0/quorum-state`]);
    const [, ...realProbe] = brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR });
    const [, ...fakeProbe] = brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: fakeDir });

    const real = await run("docker", ["exec", name, ...realProbe]);
    const fake = await run("docker", ["exec", name, ...fakeProbe]);

    expect(real.code).toBe(0);
    expect(fake.code).toBe(1);
    expect(fake.stdout).toContain(`KRaft quorum has no leader in ${fakeDir}/__cluster_metadata-0/quorum-state`);
    const state = (await run("docker", ["exec", name, "cat", `${DATA_DIR}/__cluster_metadata-0/quorum-state`])).stdout;
    expect(JSON.parse(state)).toMatchObject({ leaderId: 1, currentVoters: [{ voterId: 1 }] });
  });

  test("a restart keeps the data and the cluster id: storage is formatted once and a produced message survives", async () => {
    const topic = uniqueId("survives");
    const admin = kafka.admin();
    const producer = kafka.producer();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: "k", value: "before restart" }] });
    await producer.disconnect();
    const metaBefore = (await run("docker", ["exec", name, "cat", `${DATA_DIR}/meta.properties`])).stdout;

    await docker.getContainer(name).restart({ t: 30 });
    await waitForHealth("healthy", 90_000);

    const metaAfter = (await run("docker", ["exec", name, "cat", `${DATA_DIR}/meta.properties`])).stdout;
    expect(metaAfter).toBe(metaBefore);
    expect(metaAfter).toContain(`cluster.id=${clusterId}`);
    const output = await logs(name);
    expect(count(output, "===> Formatting storage")).toBe(1);
    expect(count(output, "already formatted; not formatting")).toBe(1);
    // The entry point exec'd the JVM, so docker's SIGTERM reached Kafka and it shut down cleanly.
    expect(output).toContain("Terminating process due to signal SIGTERM");
    expect(output).toContain("Beginning controlled shutdown");

    const consumer = kafka.consumer({ groupId: uniqueId("survives-group") });
    const received: string[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await waitFor(async () => received.length > 0, { timeoutMs: 30_000, intervalMs: 200, what: `the message on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual(["before restart"]);
  }, 180_000);

  test("the healthcheck reports unhealthy while the broker JVM is stopped and healthy again once it resumes", async () => {
    const container = docker.getContainer(name);
    await container.kill({ signal: "SIGSTOP" });
    try {
      await waitForHealth("unhealthy", 30_000);
      const last = (await container.inspect()).State.Health?.Log?.slice(-1)[0];
      expect(last?.Output).toContain("no ApiVersions answer");
    } finally {
      await container.kill({ signal: "SIGCONT" });
    }
    await waitForHealth("healthy", 30_000);
  }, 90_000);

  test("refuses to start in KRaft mode without CLUSTER_ID, saying so in one sentence", async () => {
    const refused = `${testId}-no-cluster-id`;
    const container = await docker.createContainer({ name: refused, Image: IMAGE, Labels: labels, Env: brokerEnv(hostPort, false) });
    await container.start();
    const exit = await waitFor(
      async () => {
        const state = (await container.inspect()).State;
        return state.Status === "exited" ? { code: state.ExitCode } : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: `${refused} to exit` },
    );
    expect(exit.code).not.toBe(0);
    expect(await logs(refused)).toMatch(/CLUSTER_ID is required because KAFKA_PROCESS_ROLES is set \(KRaft mode\); set CLUSTER_ID to [^\n]*\.\n/);
  }, 60_000);
});

describe(`${IMAGE} with a SCRAM credential and a key uploaded (as a secured stack starts it)`, () => {
  const secured = `${testId}-scram`;
  const securedVolume = `${secured}-data`;
  const password = "Image-test-admin-password-0123456789";
  const privateDir = "/etc/kafka/security";
  let hostPort: number;
  /** Every command line `docker top` showed in the container while it started (the host's process list). */
  const commandLines = new Set<string>();

  beforeAll(async () => {
    hostPort = await freePort();
    await docker.createNetwork({ Name: `${secured}-net`, Labels: labels });
    await docker.createVolume({ Name: securedVolume, Labels: labels });
    const env = {
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      CLUSTER_ID: clusterId,
      KAFKA_LISTENERS: `EXTERNAL://0.0.0.0:9092,INTERNAL://0.0.0.0:${INTERNAL_PORT},CONTROLLER://0.0.0.0:29093`,
      KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://127.0.0.1:${hostPort},INTERNAL://${secured}:${INTERNAL_PORT}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "EXTERNAL:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:29093",
      KAFKA_SASL_ENABLED_MECHANISMS: "SCRAM-SHA-512",
      KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      FORMAT_SCRAM_CREDENTIALS_FILE: `${privateDir}/scram-credentials`,
    };
    const container = await docker.createContainer({
      name: secured,
      Image: IMAGE,
      Labels: labels,
      Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
      ExposedPorts: { "9092/tcp": {} },
      Healthcheck: { Test: brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR }), Interval: SECOND_NS, Timeout: 5 * SECOND_NS, Retries: 2, StartPeriod: 0 },
      HostConfig: {
        Binds: [`${securedVolume}:${DATA_DIR}`],
        PortBindings: { "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }] },
        NetworkMode: `${secured}-net`,
      },
    });
    // As the docker provider uploads (one archive, extracted at "/"): root-owned, mode 0644.
    const pack = tar.pack();
    pack.entry({ name: `${privateDir.slice(1)}/scram-credentials`, mode: 0o644 }, `SCRAM-SHA-512=[name=admin,password=${password}]\n`);
    pack.entry({ name: `${privateDir.slice(1)}/broker.pem`, mode: 0o644 }, "-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n");
    pack.finalize();
    await container.putArchive(pack, { path: "/" });
    await container.start();
    // The host's process list while storage is formatted and the broker starts: what `ps` shows any user.
    await waitFor(
      async () => {
        const top = await container.top({ ps_args: "-eo pid,args" }).catch(() => ({ Processes: [] as string[][] }));
        for (const row of top.Processes ?? []) commandLines.add(row[row.length - 1]);
        return [...commandLines].some((line) => line.includes("kafka.Kafka "));
      },
      { timeoutMs: 90_000, intervalMs: 50, what: `${secured} to start its broker JVM` },
    );
    await waitFor(async () => (await containerState(secured)).health === "healthy", { timeoutMs: 90_000, intervalMs: 250, what: `${secured} to be healthy` });
  }, 120_000);

  afterAll(async () => {
    await removeLabelled();
  }, 60_000);

  test("the admin's SCRAM credential is in the metadata: it logs in with the password, a wrong one is refused", async () => {
    const client = (secret: string) =>
      new Kafka({ clientId: secured, brokers: [`127.0.0.1:${hostPort}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, sasl: { mechanism: "scram-sha-512", username: "admin", password: secret } });
    const listWith = async (secret: string) => {
      const admin = client(secret).admin();
      try {
        await admin.connect();
        return await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
    };
    await expect(listWith(password)).resolves.toEqual([]);
    await expect(listWith("Not-the-admin-password-0123456789")).rejects.toMatchObject({ name: "KafkaJSSASLAuthenticationError" });
  });

  test("no command line carried the password while storage was formatted (kafka-storage read it through a pipe)", () => {
    const lines = [...commandLines];
    // The sampling saw the format step itself, so a password on its command line would have been seen.
    expect(lines.some((line) => line.includes("kafka.tools.StorageTool format"))).toBe(true);
    // leakedSecrets names the password, never prints it (a failing filter of the lines would show it in the CI log).
    expect(leakedSecrets(lines.join("\n"), [{ name: "the admin password", value: password }])).toEqual([]);
  });

  test("the uploaded key is appuser's own and 0400, the credentials file is gone once storage is formatted, and no log holds the password", async () => {
    const result = await run("docker", ["exec", secured, "bash", "-c", `stat -c '%n %U %u %a' ${privateDir} ${privateDir}/*; ls -A ${privateDir}`]);
    expect(result.stdout.trim().split("\n")).toEqual([`${privateDir} appuser 1000 700`, `${privateDir}/broker.pem appuser 1000 400`, "broker.pem"]);
    const output = await logs(secured);
    expect([output.includes("===> Bootstrapping 1 SCRAM credential(s)"), output.includes(password)]).toEqual([true, false]);
  });
});
