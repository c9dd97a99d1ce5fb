// The built Connect image on the real Docker engine, against one broker of the local Kafka image on a throwaway user
// network (the console tests' broker fixture): one worker start with Debezium's environment contract turns healthy
// under the image's own healthcheck, serves its REST API with the Debezium PostgreSQL connector loaded, and runs with
// the properties its env names.
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { environmentList } from "../../components/brokerEnv";
import { images } from "../../toolchain/steps/images";
import { internalBootstrapServers, kafkaImage, removeFixture, requireImage, startBroker, UiBrokerFixture } from "../helpers/uiBrokerFixture";
import { addressOf, execIn, logsOf, waitForHealth } from "./imageContainers";

const IMAGE = process.env.CDC_KAFKA_CONNECT_IMAGE ?? images.connect;

const testId = uniqueId("connect-image");
const worker = `${testId}-worker`;
const topics = { config: `${testId}-configs`, offset: `${testId}-offsets`, status: `${testId}-status` };

/** The worker's environment as a downstream stack would give it (Debezium's names, two CONNECT_* extras). */
const workerEnv = {
  BOOTSTRAP_SERVERS: internalBootstrapServers,
  GROUP_ID: testId,
  CONFIG_STORAGE_TOPIC: topics.config,
  OFFSET_STORAGE_TOPIC: topics.offset,
  STATUS_STORAGE_TOPIC: topics.status,
  HEAP_OPTS: "-Xms64m -Xmx256m",
  CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: "5000",
  CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: "All",
};

describe(`${IMAGE} against ${kafkaImage}`, () => {
  let broker: UiBrokerFixture;
  let restUrl: string;

  beforeAll(async () => {
    await requireImage(IMAGE, "npm run setup");
    broker = await startBroker(testId);
    const restPort = await freePort();
    restUrl = `http://127.0.0.1:${restPort}`;
    const workerContainer = await docker.createContainer({
      name: worker,
      Image: IMAGE,
      Labels: { "cdc-kafka.test": testId },
      Env: environmentList(workerEnv),
      ExposedPorts: { "8083/tcp": {} },
      HostConfig: { NetworkMode: broker.network, PortBindings: { "8083/tcp": [{ HostIp: "127.0.0.1", HostPort: String(restPort) }] } },
    });
    const started = Date.now();
    await workerContainer.start();
    await waitForHealth(worker, "healthy", 120_000);
    console.log(`${IMAGE}: docker start -> healthy in ${Date.now() - started} ms (image healthcheck, 2 s interval)`);
  }, 240_000);

  afterAll(async () => {
    await removeFixture(testId);
  }, 60_000);

  test("GET / answers with Kafka 3.6.2 and the broker's cluster id", async () => {
    const meta = await execIn(broker.brokerContainer, ["cat", "/var/lib/kafka/data/meta.properties"]);
    const clusterId = /^cluster\.id=(.+)$/m.exec(meta.stdout)?.[1];
    const response = await fetch(`${restUrl}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ version: "3.6.2", kafka_cluster_id: clusterId });
  });

  test("GET /connector-plugins lists the Debezium PostgreSQL connector", async () => {
    const plugins = (await (await fetch(`${restUrl}/connector-plugins`)).json()) as { class: string; type: string; version: string }[];
    expect(plugins).toContainEqual({ class: "io.debezium.connector.postgresql.PostgresConnector", type: "source", version: "3.7.0.Final" });
  });

  test("the worker properties are the ones its environment names, and the worker made its internal topics from them", async () => {
    const file = await execIn(worker, ["cat", "/etc/kafka/connect-distributed.properties"]);
    const properties = Object.fromEntries(file.stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    expect(properties).toEqual({
      "bootstrap.servers": internalBootstrapServers,
      "group.id": testId,
      "config.storage.topic": topics.config,
      "offset.storage.topic": topics.offset,
      "status.storage.topic": topics.status,
      "config.storage.replication.factor": "1",
      "offset.storage.replication.factor": "1",
      "status.storage.replication.factor": "1",
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "offset.flush.interval.ms": "60000",
      "offset.flush.timeout.ms": "5000",
      "task.shutdown.graceful.timeout.ms": "10000",
      listeners: "http://:8083",
      "rest.advertised.host.name": await addressOf(worker),
      "plugin.path": "/kafka/connect",
      "scheduled.rebalance.max.delay.ms": "5000",
      "connector.client.config.override.policy": "All",
    });
    const listed = await execIn(broker.brokerContainer, ["kafka-topics", "--bootstrap-server", internalBootstrapServers, "--list"]);
    expect(listed.stdout.split("\n")).toEqual(expect.arrayContaining(Object.values(topics)));
    expect(await logsOf(worker)).toContain(`Kafka Connect worker initialization took`);
  });

  test("runs as kafka (uid 1001) with HEAP_OPTS, mounts no volume, and declares its no-JVM healthcheck", async () => {
    expect((await execIn(worker, ["id", "-u"])).stdout.trim()).toBe("1001");
    const info = await docker.getContainer(worker).inspect();
    expect(info.Mounts).toEqual([]);
    expect(info.Config.Healthcheck?.Test).toEqual(["CMD", "/opt/kafka/docker/healthcheck.sh"]);
    const jvm = await execIn(worker, ["bash", "-c", "tr '\\0' ' ' < /proc/1/cmdline"]);
    expect(jvm.stdout).toMatch(/^java .*-Xms64m -Xmx256m .*org\.apache\.kafka\.connect\.cli\.ConnectDistributed \/etc\/kafka\/connect-distributed\.properties $/);
  });

  test("docker stop reaches the worker JVM, which stops Connect cleanly", async () => {
    const stopping = Date.now();
    await docker.getContainer(worker).stop({ t: 30 });
    console.log(`${IMAGE}: docker stop took ${Date.now() - stopping} ms`);
    expect(await logsOf(worker)).toContain("Kafka Connect stopped");
  });
});
