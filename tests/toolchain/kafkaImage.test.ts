// The built local Kafka image on the real Docker engine, alone (no stack): it becomes healthy under the healthcheck
// the library uses, that healthcheck turns unhealthy when the broker stops answering or the quorum has no leader,
// a restart keeps the data and the cluster id (storage formatted once), and KRaft without CLUSTER_ID is refused.
import { execFile } from "child_process";
import { Kafka, logLevel } from "kafkajs";
import { brokerHealthcheckTest } from "../../components/brokerHealthcheck";
import { containerState, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { waitFor } from "../../support/waitFor";

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
