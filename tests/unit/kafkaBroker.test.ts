// KafkaBroker on its own: one KRaft node's image, volume and container, its outputs and its validation, with mocks.
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

type BrokerArgs = import("../../components").KafkaBrokerArgs;

const suite = mockedSuite(() => import("../../components"));

const IMAGE = "docker:index/remoteImage:RemoteImage";
const VOLUME = "docker:index/volume:Volume";
const CONTAINER = "docker:index/container:Container";

async function build(args: Partial<BrokerArgs> = {}, name = "node") {
  const broker = new suite.lib.KafkaBroker(name, { networkName: "net", ...args });
  const outputs = await valuesOf({
    hostBootstrapServers: broker.hostBootstrapServers,
    internalBootstrapServers: broker.internalBootstrapServers,
    containerName: broker.containerName,
    volumeName: broker.volumeName,
    clusterId: broker.clusterId,
  });
  return { broker, outputs };
}

describe("KafkaBroker with defaults", () => {
  test("registers the image, the data volume and the container under the component", async () => {
    await build();
    expect(suite.mocks.resources.map((r) => [r.type, r.name, r.parent ?? null, r.custom])).toEqual([
      ["cdc-kafka:index:KafkaBroker", "node", null, false],
      [IMAGE, "node-image", "node", true],
      [VOLUME, "node-data", "node", true],
      [CONTAINER, "node-container", "node", true],
    ]);
    expect(suite.mocks.get(IMAGE, "node-image").inputs).toEqual({ name: "confluentinc/cp-kafka:7.6.1", keepLocally: true });
    expect(suite.mocks.get(VOLUME, "node-data").inputs).toEqual({
      name: "node-data",
      labels: [{ label: "cdc-kafka.component", value: "data" }],
    });
  });

  test("the container: KRaft environment, healthcheck, restart policy, wait for healthy, published on 127.0.0.1", async () => {
    await build();
    const container = suite.mocks.get(CONTAINER, "node-container");
    expect(container.inputs).toEqual({
      name: "node",
      hostname: "node",
      image: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      envs: [
        "KAFKA_NODE_ID=1",
        "KAFKA_PROCESS_ROLES=broker,controller",
        `CLUSTER_ID=${suite.lib.deriveClusterId("node")}`,
        "KAFKA_CONTROLLER_QUORUM_VOTERS=1@node:29093",
        "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
        "KAFKA_BROKER_SESSION_TIMEOUT_MS=3000",
        "KAFKA_BROKER_HEARTBEAT_INTERVAL_MS=1000",
        "KAFKA_LISTENERS=INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093",
        "KAFKA_ADVERTISED_LISTENERS=INTERNAL://node:29092,EXTERNAL://localhost:9092",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_INTER_BROKER_LISTENER_NAME=INTERNAL",
        "KAFKA_LOG_DIRS=/var/lib/kafka/data",
        "KAFKA_DEFAULT_REPLICATION_FACTOR=1",
        "KAFKA_MIN_INSYNC_REPLICAS=1",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1",
        "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE=false",
        "KAFKA_AUTO_CREATE_TOPICS_ENABLE=false",
        "KAFKA_LOG_RETENTION_HOURS=168",
        "KAFKA_LOG_RETENTION_BYTES=-1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
        "KAFKA_HEAP_OPTS=-Xms512m -Xmx512m",
      ],
      labels: [{ label: "cdc-kafka.component", value: "broker" }],
      networksAdvanced: [{ name: "net" }],
      ports: [{ internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" }],
      volumes: [{ volumeName: "node-data", containerPath: "/var/lib/kafka/data" }],
      healthcheck: {
        tests: suite.lib.brokerHealthcheckTest({ port: 29092, dataDir: "/var/lib/kafka/data" }),
        interval: "2s",
        timeout: `${suite.lib.BROKER_PROBE_READ_TIMEOUT_SECONDS + 2}s`,
        retries: 5,
        startPeriod: "1m0s",
      },
      restart: "unless-stopped",
      memory: 1024,
      wait: true,
      waitTimeout: 180,
      destroyGraceSeconds: 30,
    });
    expect(container.dependencies).toEqual(["node-data", "node-image"]);
  });

  test("the image of the container is the pulled image's id, so a new image replaces the container", async () => {
    await build();
    const { createHash } = await import("crypto");
    const id = `sha256:${createHash("sha256").update("confluentinc/cp-kafka:7.6.1").digest("hex")}`;
    expect(suite.mocks.get(CONTAINER, "node-container").inputs.image).toBe(id);
  });

  test("outputs", async () => {
    const { outputs } = await build();
    expect(outputs).toEqual({
      hostBootstrapServers: "localhost:9092",
      internalBootstrapServers: "node:29092",
      containerName: "node",
      volumeName: "node-data",
      clusterId: suite.lib.deriveClusterId("node"),
    });
  });

  test("the data volume is kept on destroy only when asked", async () => {
    await build();
    expect(suite.mocks.get(VOLUME, "node-data").retainOnDelete).toBe(false);
    suite.mocks.reset();
    await build({ keepDataVolume: true });
    expect(suite.mocks.get(VOLUME, "node-data").retainOnDelete).toBe(true);
  });
});

describe("KafkaBroker with settings", () => {
  test("node id, voters, names, port, bind address and cluster id as given", async () => {
    const { outputs } = await build({
      nodeId: 2,
      controllerQuorumVoters: "1@a:29093,2@b:29093",
      containerName: "b",
      volumeName: "b-volume",
      hostPort: 19093,
      hostBindIp: "10.1.2.3",
      clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
    });
    const { inputs } = suite.mocks.get(CONTAINER, "node-container");
    expect(inputs.envs).toEqual(
      expect.arrayContaining([
        "KAFKA_NODE_ID=2",
        "KAFKA_CONTROLLER_QUORUM_VOTERS=1@a:29093,2@b:29093",
        "CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg",
        "KAFKA_ADVERTISED_LISTENERS=INTERNAL://b:29092,EXTERNAL://10.1.2.3:19093",
      ]),
    );
    expect(inputs.ports).toEqual([{ internal: 9092, external: 19093, ip: "10.1.2.3", protocol: "tcp" }]);
    expect(inputs.volumes).toEqual([{ volumeName: "b-volume", containerPath: "/var/lib/kafka/data" }]);
    expect(outputs).toEqual({
      hostBootstrapServers: "10.1.2.3:19093",
      internalBootstrapServers: "b:29092",
      containerName: "b",
      volumeName: "b-volume",
      clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
    });
  });

  test("a standalone node defaults to its own id in the voters", async () => {
    await build({ nodeId: 4 });
    expect(suite.mocks.get(CONTAINER, "node-container").inputs.envs).toContain("KAFKA_CONTROLLER_QUORUM_VOTERS=4@node:29093");
  });

  test("broker settings reach the environment and the memory limit", async () => {
    await build({
      replicationFactor: 3,
      autoCreateTopics: true,
      logRetentionHours: 24,
      logRetentionBytes: 1_073_741_824,
      groupInitialRebalanceDelayMs: 3000,
      brokerMemoryMb: 2048,
      brokerWaitTimeoutSeconds: 60,
      labels: { "cdc-kafka.stack": "cdc-kafka/dev" },
    });
    const { inputs } = suite.mocks.get(CONTAINER, "node-container");
    expect(inputs.envs).toEqual(
      expect.arrayContaining([
        "KAFKA_DEFAULT_REPLICATION_FACTOR=3",
        "KAFKA_MIN_INSYNC_REPLICAS=2",
        "KAFKA_AUTO_CREATE_TOPICS_ENABLE=true",
        "KAFKA_LOG_RETENTION_HOURS=24",
        "KAFKA_LOG_RETENTION_BYTES=1073741824",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=3000",
        "KAFKA_HEAP_OPTS=-Xms1024m -Xmx1024m",
      ]),
    );
    expect(inputs).toMatchObject({ memory: 2048, waitTimeout: 60 });
    expect(inputs.labels).toEqual([
      { label: "cdc-kafka.component", value: "broker" },
      { label: "cdc-kafka.stack", value: "cdc-kafka/dev" },
    ]);
  });
});

describe("KafkaBroker validation (nothing is registered)", () => {
  test.each<[Partial<BrokerArgs>, string]>([
    [{ nodeId: 0 }, "nodeId (0) is out of range; set nodeId to a whole number of at least 1."],
    [
      { containerName: "Broker_1" },
      'containerName "Broker_1" cannot name containers and volumes; use at most 63 lowercase letters, digits and "-", starting with a letter or digit.',
    ],
    [{ hostPort: 70000 }, "hostPort (70000) is out of range; set hostPort to a whole number from 1 to 65535."],
    [
      { kafkaImage: "Confluent/cp-kafka" },
      'kafkaImage "Confluent/cp-kafka" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. confluentinc/cp-kafka:7.6.1.',
    ],
    [
      { clusterId: "not-a-uuid" },
      'clusterId "not-a-uuid" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.',
    ],
    [
      { hostBindIp: "localhost" },
      'hostBindIp "localhost" is not an IP address; use 127.0.0.1 to stay on this machine or 0.0.0.0 to publish on every interface.',
    ],
    [{ logRetentionHours: 0 }, "logRetentionHours (0) is out of range; set logRetentionHours to a whole number of at least 1."],
    [
      { logRetentionBytes: 0 },
      "logRetentionBytes (0) is out of range; set logRetentionBytes to a positive whole number, or -1 for no limit.",
    ],
    [{ brokerMemoryMb: 128 }, "brokerMemoryMb (128) is out of range; set brokerMemoryMb to a whole number of at least 256."],
    [
      { brokerWaitTimeoutSeconds: 0 },
      "brokerWaitTimeoutSeconds (0) is out of range; set brokerWaitTimeoutSeconds to a whole number of at least 1.",
    ],
    [
      { minInsyncReplicas: 2 },
      "min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or raise replicationFactor.",
    ],
    [
      // The default (upstream cp-kafka) image, with everything else a secured broker needs.
      { security: "sasl_ssl", adminPassword: "A-good.long~password!1", tls: { caCertificatePem: "ca", certificatePem: "cert", privateKeyPem: "key" } },
      'security "sasl_ssl" needs a broker image that writes the admin\'s SCRAM credential when it formats storage, and kafkaImage "confluentinc/cp-kafka:7.6.1" cannot, so no client could ever log in; set kafkaImage to an image that does (this project\'s Kafka image, from FORMAT_SCRAM_CREDENTIALS_FILE) or set security to "plaintext".',
    ],
  ])("%j", async (args, message) => {
    expect(() => new suite.lib.KafkaBroker("node", { networkName: "net", ...args })).toThrow(new suite.lib.KafkaConfigError([message]));
    expect(await suite.mocks.settled()).toEqual([]);
  });
});
