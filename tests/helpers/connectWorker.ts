// A Kafka Connect worker and a PostgreSQL for the connector resource's integration tests, as plain containers on the
// integration stack's network (the Connect and PostgreSQL images the setup builds, their tags from its one list): the
// worker's REST API published on a free loopback port, PostgreSQL reachable only on the network (trust logins, so no
// password exists anywhere). Stopped and started by the tests; removed with their volumes by `remove`.
import type Docker from "dockerode";
import { images } from "../../toolchain/steps/images";
import { docker, removeContainer } from "../../support/docker";
import { freePorts } from "../../support/ports";
import { waitFor } from "../../support/waitFor";

export interface ConnectWorker {
  /** The worker's REST API from the host. */
  url: string;
  connectContainer: string;
  postgresContainer: string;
  /** Runs SQL in the database `app` as the superuser `cdc`; fails with psql's output. */
  sql(statement: string): Promise<void>;
  /** Waits until the REST API answers (after a start). */
  waitReady(): Promise<void>;
  remove(): Promise<void>;
}

/** Every container made here carries it, so a run can count what it left. */
export const WORKER_LABEL = "cdc-kafka.test=kafkaConnector";

async function run(name: string, options: Docker.ContainerCreateOptions): Promise<void> {
  const container = await docker.createContainer({ name, ...options, Labels: { "cdc-kafka.test": "kafkaConnector" } });
  await container.start();
}

async function exec(container: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const execution = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await execution.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const { ExitCode } = await execution.inspect();
  // The multiplexed stream's 8-byte frame headers are left in; the text stays readable for a failure message.
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString("utf8") };
}

export async function startConnectWorker(id: string, networkName: string, internalBootstrapServers: string): Promise<ConnectWorker> {
  const [restPort] = await freePorts(1);
  const postgresContainer = `${id}-postgres`;
  const connectContainer = `${id}-connect`;
  const url = `http://127.0.0.1:${restPort}`;
  const worker: ConnectWorker = {
    url,
    connectContainer,
    postgresContainer,
    async sql(statement) {
      const result = await exec(postgresContainer, ["psql", "-v", "ON_ERROR_STOP=1", "-U", "cdc", "-d", "app", "-c", statement]);
      if (result.exitCode !== 0) throw new Error(`psql failed (${result.exitCode}): ${result.output}`);
    },
    async waitReady() {
      await waitFor(async () => (await fetch(`${url}/connectors`).catch(() => undefined))?.ok, { timeoutMs: 180_000, what: `Kafka Connect at ${url}` });
    },
    async remove() {
      for (const name of [connectContainer, postgresContainer]) await removeContainer(name).catch(() => undefined);
    },
  };
  try {
    await run(postgresContainer, {
      Image: images.postgres,
      // One replication slot per connector the tests make; the image's 4 would run out.
      Cmd: ["postgres", "-c", "max_replication_slots=16", "-c", "max_wal_senders=16"],
      Env: ["POSTGRES_USER=cdc", "POSTGRES_DB=app", "POSTGRES_HOST_AUTH_METHOD=trust"],
      HostConfig: { NetworkMode: networkName },
    });
    await run(connectContainer, {
      Image: images.connect,
      Env: [
        `BOOTSTRAP_SERVERS=${internalBootstrapServers}`,
        `GROUP_ID=${id}`,
        `CONFIG_STORAGE_TOPIC=${id}-configs`,
        `OFFSET_STORAGE_TOPIC=${id}-offsets`,
        `STATUS_STORAGE_TOPIC=${id}-status`,
        "CONFIG_STORAGE_REPLICATION_FACTOR=1",
        "OFFSET_STORAGE_REPLICATION_FACTOR=1",
        "STATUS_STORAGE_REPLICATION_FACTOR=1",
        "HEAP_OPTS=-Xms128M -Xmx512M",
      ],
      ExposedPorts: { "8083/tcp": {} },
      HostConfig: { NetworkMode: networkName, PortBindings: { "8083/tcp": [{ HostIp: "127.0.0.1", HostPort: String(restPort) }] } },
    });
    await waitFor(async () => (await docker.getContainer(postgresContainer).inspect()).State.Health?.Status === "healthy", {
      timeoutMs: 120_000,
      what: `${postgresContainer} to be healthy`,
    });
    await worker.waitReady();
    return worker;
  } catch (error) {
    await worker.remove();
    throw error;
  }
}
