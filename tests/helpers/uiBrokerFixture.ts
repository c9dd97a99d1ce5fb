// A throwaway single-node KRaft broker and the console container beside it on a user network, for the console's
// toolchain tests (no stack). Everything carries `cdc-kafka.test=<id>` and removeFixture deletes it all.
import { randomBytes } from "crypto";
import * as tar from "tar-stream";
import { docker } from "../../support/docker";
import { kafkaClient } from "../../support/kafkaAdmin";
import { freePort } from "../../support/ports";
import { waitFor } from "../../support/waitFor";

export const kafkaImage = "cdc-kafka/kafka:3.6.2";
export const uiImage = "cdc-kafka/kafka-ui:local";
/** The broker's name on the network, as the deployed stack's broker is reached by the console. */
export const brokerAlias = "kb";
export const internalBootstrapServers = `${brokerAlias}:29092`;

export interface UiBrokerFixture {
  id: string;
  /** `cdc-kafka.test=<id>`, on the network and both containers. */
  label: string;
  network: string;
  brokerContainer: string;
  /** localhost:<published port>, the broker's EXTERNAL listener, for clients on the host. */
  bootstrapServers: string;
}

const labelsFor = (id: string): Record<string, string> => ({ "cdc-kafka.test": id });

/** Fails with the command that builds a missing image, instead of a Docker 404 in the middle of a test. */
export async function requireImage(image: string, buildHint: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    throw new Error(`Image ${image} is missing; build it first (${buildHint}).`);
  }
}

/**
 * The broker environment of the stack's single KRaft node (broker and controller in one process), with its
 * containers reachable as kb:29092 and the host as localhost:<hostPort>. The container name carries the test id
 * because container names are global to the engine; the network alias is the `kb` the console is pointed at.
 */
export function brokerEnv(hostPort: number, clusterId: string): string[] {
  return [
    "KAFKA_NODE_ID=1",
    "KAFKA_PROCESS_ROLES=broker,controller",
    "KAFKA_LISTENERS=INTERNAL://0.0.0.0:29092,CONTROLLER://0.0.0.0:29093,EXTERNAL://0.0.0.0:9092",
    `KAFKA_ADVERTISED_LISTENERS=INTERNAL://${brokerAlias}:29092,EXTERNAL://localhost:${hostPort}`,
    "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT",
    "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
    "KAFKA_INTER_BROKER_LISTENER_NAME=INTERNAL",
    `KAFKA_CONTROLLER_QUORUM_VOTERS=1@${brokerAlias}:29093`,
    `CLUSTER_ID=${clusterId}`,
    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1",
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1",
    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
  ];
}

/** Starts the network and the broker and waits until the broker answers Metadata from the host. */
export async function startBroker(id: string): Promise<UiBrokerFixture> {
  await requireImage(kafkaImage, "npm run setup");
  const labels = labelsFor(id);
  const network = `${id}-net`;
  const brokerContainer = `${id}-kb`;
  const hostPort = await freePort();
  await docker.createNetwork({ Name: network, Driver: "bridge", Labels: labels });
  const container = await docker.createContainer({
    name: brokerContainer,
    Hostname: brokerAlias,
    Image: kafkaImage,
    Env: brokerEnv(hostPort, randomBytes(16).toString("base64url")),
    Labels: labels,
    ExposedPorts: { "9092/tcp": {} },
    HostConfig: { NetworkMode: network, PortBindings: { "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }] } },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [brokerAlias] } } },
  });
  await container.start();
  const fixture = { id, label: `cdc-kafka.test=${id}`, network, brokerContainer, bootstrapServers: `localhost:${hostPort}` };
  const admin = kafkaClient(fixture.bootstrapServers).admin();
  try {
    await waitFor(
      async () => {
        await admin.connect();
        return (await admin.describeCluster()).brokers.length === 1;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `broker ${brokerContainer} to answer on ${fixture.bootstrapServers}` },
    );
  } finally {
    await admin.disconnect();
  }
  return fixture;
}

export interface UiContainer {
  name: string;
  /** http://127.0.0.1:<published port> */
  url: string;
  /** When the container was started (ms since epoch), to time its first answers. */
  startedAt: number;
}

/** A file written into the container before it starts, as the docker provider's `uploads` write it: root's, 0644. */
export interface UiFile {
  path: string;
  content: string;
}

/**
 * Runs the console on the broker's network, pointed at the internal listener, published on a free loopback port;
 * `files` are copied in before it starts, as the KafkaUi component's uploads are. `suffix` names a second console.
 */
export async function startUi(fixture: UiBrokerFixture, clusterName: string, env: string[] = [], files: UiFile[] = [], suffix = "ui"): Promise<UiContainer> {
  await requireImage(uiImage, "npm run setup, or bash toolchain/images/kafka-ui/build.sh cdc-kafka/node-base:bookworm cdc-kafka/kafka-ui:local");
  const port = await freePort();
  const name = `${fixture.id}-${suffix}`;
  const container = await docker.createContainer({
    name,
    Image: uiImage,
    Env: [`KAFKA_CLUSTERS_0_NAME=${clusterName}`, `KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=${internalBootstrapServers}`, ...env],
    Labels: labelsFor(fixture.id),
    ExposedPorts: { "8080/tcp": {} },
    HostConfig: { NetworkMode: fixture.network, PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } },
  });
  for (const file of files) {
    const pack = tar.pack();
    pack.entry({ name: file.path, mode: 0o644, uid: 0, gid: 0 }, file.content);
    pack.finalize();
    await container.putArchive(pack, { path: "/" });
  }
  const startedAt = Date.now();
  await container.start();
  return { name, url: `http://127.0.0.1:${port}`, startedAt };
}

/** Memory as `docker stats` shows it: usage less the inactive page cache. */
export async function memoryUsageBytes(container: string): Promise<number> {
  const stats = (await docker.getContainer(container).stats({ stream: false })) as unknown as {
    memory_stats: { usage: number; stats?: Record<string, number> };
  };
  const cache = stats.memory_stats.stats?.inactive_file ?? stats.memory_stats.stats?.total_inactive_file ?? 0;
  return stats.memory_stats.usage - cache;
}

/** Removes every container (with its anonymous volumes) and network labelled with the test id; safe to call twice. */
export async function removeFixture(id: string): Promise<void> {
  const filters = { label: [`cdc-kafka.test=${id}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove()));
}
