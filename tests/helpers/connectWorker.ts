// A Kafka Connect worker and a PostgreSQL for the connector resource's integration tests, as plain containers on the
// integration stack's network (the Connect and PostgreSQL images the setup builds, their tags from its one list): the
// worker's REST API published on a free loopback port, PostgreSQL reachable only on the network (trust logins, so no
// password exists anywhere). Stopped and started by the tests; removed with their volumes by `remove`.
import type Docker from "dockerode";
import { images } from "../../toolchain/steps/images";
import { docker, removeContainer } from "../../support/docker";
// A command in a container, its stdout, a non-zero exit a failure with its stderr (named for its first use, the brokers' tools).
import { brokerTool as containerCommand } from "../../support/kafkaAdmin";
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
      await containerCommand(postgresContainer, ["psql", "-v", "ON_ERROR_STOP=1", "-U", "cdc", "-d", "app", "-c", statement]);
    },
    async waitReady() {
      // Each probe bounded: before the worker listens, Docker's port proxy may accept a connection and never answer it.
      const probe = () => fetch(`${url}/connectors`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      await waitFor(async () => (await probe())?.ok, { timeoutMs: 180_000, what: `Kafka Connect at ${url}` });
    },
    async remove() {
      for (const name of [connectContainer, postgresContainer]) await removeContainer(name).catch(() => undefined);
    },
  };
  // Progress on stderr, unbuffered by jest: the start takes a minute or more.
  const step = (what: string) => process.stderr.write(`[connect worker ${id} ${new Date().toISOString()}] ${what}\n`);
  try {
    step("starting PostgreSQL");
    await run(postgresContainer, {
      Image: images.postgres,
      // One replication slot per connector the tests make; the image's 4 would run out.
      Cmd: ["postgres", "-c", "max_replication_slots=16", "-c", "max_wal_senders=16"],
      Env: ["POSTGRES_USER=cdc", "POSTGRES_DB=app", "POSTGRES_HOST_AUTH_METHOD=trust"],
      HostConfig: { NetworkMode: networkName },
    });
    step("starting the Connect worker");
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
    step("waiting for PostgreSQL to be healthy");
    await waitFor(async () => (await docker.getContainer(postgresContainer).inspect()).State.Health?.Status === "healthy", {
      timeoutMs: 120_000,
      what: `${postgresContainer} to be healthy`,
    });
    step("waiting for the REST API");
    await worker.waitReady();
    step("ready");
    return worker;
  } catch (error) {
    await worker.remove();
    throw error;
  }
}
