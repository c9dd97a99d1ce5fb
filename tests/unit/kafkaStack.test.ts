// KafkaStack's resource graph, wiring and outputs with Pulumi mocks: one broker (the default) and three.
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

const suite = mockedSuite(() => import("../../components"));

const STACK = "cdc-kafka:index:KafkaStack";
const NETWORK = "cdc-kafka:index:KafkaNetwork";
const BROKER = "cdc-kafka:index:KafkaBroker";
const UI = "cdc-kafka:index:KafkaUi";
const TOPICS = "cdc-kafka:index:CdcTopics";
const METRICS = "cdc-kafka:index:KafkaMetrics";
const DOCKER_NETWORK = "docker:index/network:Network";
const IMAGE = "docker:index/remoteImage:RemoteImage";
const VOLUME = "docker:index/volume:Volume";
const CONTAINER = "docker:index/container:Container";
const KAFKA_PROVIDER = "pulumi:providers:kafka";
const TOPIC = "kafka:index/topic:Topic";
const stackLabel = { label: "cdc-kafka.stack", value: "cdc-kafka/dev" };

async function build(args: import("../../components").KafkaStackArgs = {}, name = "kafka") {
  const kafka = new suite.lib.KafkaStack(name, args);
  return { kafka, outputs: await valuesOf(kafka.stackOutputs()) };
}

const graph = () =>
  suite.mocks.resources
    .map((resource) => `${resource.type} ${resource.name} <- ${resource.parent ?? "(root)"}`)
    .sort();

describe("KafkaStack with one broker (defaults)", () => {
  test("registers exactly the network, one broker node, the UI and three topics, each under its component", async () => {
    await build();
    expect(graph()).toEqual(
      [
        `${STACK} kafka <- (root)`,
        `${NETWORK} kafka-network <- kafka`,
        `${DOCKER_NETWORK} kafka-network <- kafka-network`,
        `${BROKER} kafka-broker-1 <- kafka`,
        `${IMAGE} kafka-broker-1-image <- kafka-broker-1`,
        `${VOLUME} kafka-broker-1-data <- kafka-broker-1`,
        `${CONTAINER} kafka-broker-1-container <- kafka-broker-1`,
        `${UI} kafka-ui <- kafka`,
        `${IMAGE} kafka-ui-image <- kafka-ui`,
        `${CONTAINER} kafka-ui-container <- kafka-ui`,
        `${TOPICS} kafka-topics <- kafka`,
        `${KAFKA_PROVIDER} kafka-topics-provider <- kafka-topics`,
        `${TOPIC} kafka-topics-dbserver.public.videos <- kafka-topics`,
        `${TOPIC} kafka-topics-dbserver.public.users <- kafka-topics`,
        `${TOPIC} kafka-topics-dbserver.public.comments <- kafka-topics`,
      ].sort(),
    );
  });

  test("the network is a labelled bridge named after the component", async () => {
    await build();
    expect(suite.mocks.get(DOCKER_NETWORK, "kafka-network").inputs).toEqual({
      name: "kafka-network",
      driver: "bridge",
      labels: [{ label: "cdc-kafka.component", value: "network" }, stackLabel],
    });
  });

  test("the broker container joins the network and is published on 127.0.0.1 at the host port", async () => {
    await build();
    const { inputs } = suite.mocks.get(CONTAINER, "kafka-broker-1-container");
    expect(inputs.name).toBe("kafka-broker-1");
    expect(inputs.networksAdvanced).toEqual([{ name: "kafka-network" }]);
    expect(inputs.ports).toEqual([{ internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" }]);
    expect(inputs.volumes).toEqual([{ volumeName: "kafka-broker-1-data", containerPath: "/var/lib/kafka/data" }]);
    expect(inputs.envs).toContain("KAFKA_ADVERTISED_LISTENERS=INTERNAL://kafka-broker-1:29092,EXTERNAL://localhost:9092");
    expect(inputs.envs).toContain("KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-broker-1:29093");
    expect(inputs.envs).toContain(`CLUSTER_ID=${suite.lib.deriveClusterId("kafka")}`);
  });

  test("every Docker object carries the stack label and its role; images (which take no labels) are kept locally", async () => {
    await build();
    const labelled = suite.mocks.resources.filter((r) => [DOCKER_NETWORK, VOLUME, CONTAINER].includes(r.type));
    expect(labelled.map((r) => [r.name, r.inputs.labels]).sort()).toEqual(
      [
        ["kafka-network", [{ label: "cdc-kafka.component", value: "network" }, stackLabel]],
        ["kafka-broker-1-data", [{ label: "cdc-kafka.component", value: "data" }, stackLabel]],
        ["kafka-broker-1-container", [{ label: "cdc-kafka.component", value: "broker" }, stackLabel]],
        ["kafka-ui-container", [{ label: "cdc-kafka.component", value: "ui" }, stackLabel]],
      ].sort(),
    );
    expect(suite.mocks.ofType(IMAGE).map((r) => r.inputs)).toEqual([
      { name: "confluentinc/cp-kafka:7.6.1", keepLocally: true },
      { name: "ghcr.io/kafbat/kafka-ui:v1.5.0", keepLocally: true },
    ]);
  });

  test("labels given to the stack replace the computed stack label", async () => {
    await build({ labels: { "cdc-kafka.stack": "other/prod", team: "data" } });
    expect(suite.mocks.get(VOLUME, "kafka-broker-1-data").inputs.labels).toEqual([
      { label: "cdc-kafka.component", value: "data" },
      { label: "cdc-kafka.stack", value: "other/prod" },
      { label: "team", value: "data" },
    ]);
  });

  test("the UI reads the brokers' internal listener on the same network and is published on 127.0.0.1", async () => {
    await build();
    const { inputs, dependencies } = suite.mocks.get(CONTAINER, "kafka-ui-container");
    expect(inputs).toEqual({
      name: "kafka-ui",
      image: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      envs: ["KAFKA_CLUSTERS_0_NAME=kafka", "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=kafka-broker-1:29092", "SERVER_PORT=8080"],
      labels: [{ label: "cdc-kafka.component", value: "ui" }, stackLabel],
      networksAdvanced: [{ name: "kafka-network" }],
      ports: [{ internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" }],
      restart: "unless-stopped",
    });
    expect(dependencies).toEqual(expect.arrayContaining(["kafka-broker-1-container", "kafka-ui-image", "kafka-network"]));
  });

  test("the kafka provider uses the host listener without TLS and waits for the healthy broker container", async () => {
    await build();
    const provider = suite.mocks.get(KAFKA_PROVIDER, "kafka-topics-provider");
    // saslMechanism and skipTlsVerify are the SDK's provider defaults.
    expect(provider.inputs).toEqual({
      bootstrapServers: JSON.stringify(["localhost:9092"]),
      tlsEnabled: "false",
      saslMechanism: "plain",
      skipTlsVerify: "false",
    });
    expect(provider.dependencies).toEqual(["kafka-broker-1-container"]);
  });

  test("each topic has the delivery settings and is created through the stack's provider", async () => {
    await build();
    expect(suite.mocks.ofType(TOPIC).map((topic) => topic.inputs)).toEqual(
      ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"].map((name) => ({
        name,
        partitions: 3,
        replicationFactor: 1,
        config: { "cleanup.policy": "delete", "min.insync.replicas": "1", "retention.ms": "604800000" },
      })),
    );
    for (const topic of suite.mocks.ofType(TOPIC)) expect(topic.provider).toBe("kafka-topics-provider");
  });

  test("the data volume is deleted with the stack unless keepDataVolume is set", async () => {
    await build();
    expect(suite.mocks.get(VOLUME, "kafka-broker-1-data").retainOnDelete).toBe(false);
    suite.mocks.reset();
    await build({ keepDataVolume: true });
    expect(suite.mocks.get(VOLUME, "kafka-broker-1-data").retainOnDelete).toBe(true);
  });

  test("outputs", async () => {
    const { outputs } = await build();
    expect(outputs).toEqual({
      hostBootstrapServers: "localhost:9092",
      internalBootstrapServers: "kafka-broker-1:29092",
      networkName: "kafka-network",
      brokerContainerNames: ["kafka-broker-1"],
      dataVolumeNames: ["kafka-broker-1-data"],
      clusterId: suite.lib.deriveClusterId("kafka"),
      clusterName: "kafka",
      topicNames: ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"],
      replicationFactor: 1,
      minInsyncReplicas: 1,
      uiUrl: "http://localhost:8080",
      metricsUrl: undefined,
      metricsScrapeTargets: [],
      producerConfig: suite.lib.producerConfig(),
      debeziumProducerConfig: suite.lib.debeziumProducerConfig(),
      consumerConfig: suite.lib.consumerConfig(),
      adminConfig: {},
      security: "plaintext",
      caCertificate: undefined,
      labels: { "cdc-kafka.stack": "cdc-kafka/dev" },
    });
  });

  test("kafkaConnectName and kafkaConnectAddress reach the UI as kafbat's Connect variables", async () => {
    await build({ kafkaConnectName: "debezium", kafkaConnectAddress: "http://connect:8083" });
    expect(suite.mocks.get(CONTAINER, "kafka-ui-container").inputs.envs).toEqual(
      expect.arrayContaining(["KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME=debezium", "KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS=http://connect:8083"]),
    );
  });

  test("without the UI there is no UI component, container or image, and no uiUrl", async () => {
    const { outputs } = await build({ uiEnabled: false });
    expect(suite.mocks.ofType(UI)).toHaveLength(0);
    expect(suite.mocks.resources.filter((r) => r.name.startsWith("kafka-ui"))).toEqual([]);
    expect(suite.mocks.resources).toHaveLength(12);
    expect(outputs.uiUrl).toBeUndefined();
  });

  test("images, ports, bind address and topics come from the args", async () => {
    const { outputs } = await build({
      kafkaImage: "cdc-kafka/kafka:3.6.2",
      uiImage: "cdc-kafka/kafka-ui:local",
      hostPort: 19092,
      uiPort: 18080,
      hostBindIp: "0.0.0.0",
      advertisedHost: "kafka.example.internal",
      uiLogin: true,
      uiLoginPassword: "a-given-login-password-1",
      topics: ["orders"],
    });
    expect(suite.mocks.ofType(IMAGE).map((r) => r.inputs.name)).toEqual(["cdc-kafka/kafka:3.6.2", "cdc-kafka/kafka-ui:local"]);
    expect(suite.mocks.get(CONTAINER, "kafka-broker-1-container").inputs.ports).toEqual([
      { internal: 9092, external: 19092, ip: "0.0.0.0", protocol: "tcp" },
    ]);
    expect(suite.mocks.get(CONTAINER, "kafka-ui-container").inputs.ports).toEqual([
      { internal: 8080, external: 18080, ip: "0.0.0.0", protocol: "tcp" },
    ]);
    expect(suite.mocks.ofType(TOPIC).map((r) => r.name)).toEqual(["kafka-topics-orders"]);
    expect(outputs).toMatchObject({ hostBootstrapServers: "kafka.example.internal:19092", uiUrl: "http://localhost:18080", topicNames: ["orders"] });
  });

  test("metrics: the agent in the broker's KAFKA_OPTS, its port published when asked, the UI scraping port 11001", async () => {
    await build({ metricsEnabled: true, metricsHostPort: 11001 });
    const broker = suite.mocks.get(CONTAINER, "kafka-broker-1-container").inputs;
    expect(broker.envs).toContain("KAFKA_OPTS=-javaagent:/opt/prometheus/jmx_prometheus_javaagent.jar=11001:/opt/prometheus/kafka-broker.yml");
    expect(broker.ports).toEqual([
      { internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 11001, external: 11001, ip: "127.0.0.1", protocol: "tcp" },
    ]);
    expect(suite.mocks.get(CONTAINER, "kafka-ui-container").inputs.envs).toEqual([
      "KAFKA_CLUSTERS_0_NAME=kafka",
      "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=kafka-broker-1:29092",
      "SERVER_PORT=8080",
      "KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS",
      "KAFKA_CLUSTERS_0_METRICS_PORT=11001",
    ]);
  });

  test("metrics off (the default): no agent, no metrics port, the UI reads no metrics, no Prometheus, no targets", async () => {
    const { outputs } = await build();
    const broker = suite.mocks.get(CONTAINER, "kafka-broker-1-container").inputs;
    expect(broker.envs.filter((env: string) => env.startsWith("KAFKA_OPTS="))).toEqual([]);
    expect(broker.ports).toHaveLength(1);
    expect(suite.mocks.get(CONTAINER, "kafka-ui-container").inputs.envs.filter((env: string) => env.includes("METRICS"))).toEqual([]);
    expect(suite.mocks.ofType(METRICS)).toEqual([]);
    expect(outputs).toMatchObject({ metricsUrl: undefined, metricsScrapeTargets: [] });
  });

  test("brokers' metrics without the server: the scrape targets for a Prometheus of your own, no KafkaMetrics", async () => {
    const { outputs } = await build({ metricsEnabled: true });
    expect(suite.mocks.ofType(METRICS)).toEqual([]);
    expect(suite.mocks.resources).toHaveLength(15);
    expect(outputs).toMatchObject({ metricsUrl: undefined, metricsScrapeTargets: ["kafka-broker-1:11001"] });
  });
});

describe("KafkaStack with three brokers", () => {
  const nodes = [1, 2, 3];
  const voters = "1@kafka-broker-1:29093,2@kafka-broker-2:29093,3@kafka-broker-3:29093";

  test("registers one broker node (image, volume, container) per broker and nothing else extra", async () => {
    await build({ brokers: 3 });
    expect(suite.mocks.ofType(BROKER).map((r) => [r.name, r.parent]).sort()).toEqual(nodes.map((n) => [`kafka-broker-${n}`, "kafka"]));
    expect(suite.mocks.ofType(VOLUME).map((r) => r.parent).sort()).toEqual(nodes.map((n) => `kafka-broker-${n}`));
    expect(suite.mocks.ofType(CONTAINER).map((r) => r.parent).sort()).toEqual([...nodes.map((n) => `kafka-broker-${n}`), "kafka-ui"]);
    expect(suite.mocks.ofType(IMAGE).map((r) => r.parent).sort()).toEqual([...nodes.map((n) => `kafka-broker-${n}`), "kafka-ui"]);
    // The one-broker graph (15) plus component, image, volume and container of brokers 2 and 3.
    expect(suite.mocks.resources).toHaveLength(15 + 2 * 4);
  });

  test("each node has its id, the shared voters and cluster id, and its own host port", async () => {
    await build({ brokers: 3 });
    for (const n of nodes) {
      const { inputs } = suite.mocks.get(CONTAINER, `kafka-broker-${n}-container`);
      expect(inputs.envs).toEqual(
        expect.arrayContaining([
          `KAFKA_NODE_ID=${n}`,
          `KAFKA_CONTROLLER_QUORUM_VOTERS=${voters}`,
          `CLUSTER_ID=${suite.lib.deriveClusterId("kafka")}`,
          `KAFKA_ADVERTISED_LISTENERS=INTERNAL://kafka-broker-${n}:29092,EXTERNAL://localhost:${9091 + n}`,
          "KAFKA_DEFAULT_REPLICATION_FACTOR=3",
          "KAFKA_MIN_INSYNC_REPLICAS=2",
          "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=3",
          "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=3",
          "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=2",
        ]),
      );
      expect(inputs.ports).toEqual([{ internal: 9092, external: 9091 + n, ip: "127.0.0.1", protocol: "tcp" }]);
      expect(inputs.volumes).toEqual([{ volumeName: `kafka-broker-${n}-data`, containerPath: "/var/lib/kafka/data" }]);
    }
  });

  test("topics get three replicas and min.insync.replicas 2", async () => {
    await build({ brokers: 3 });
    for (const topic of suite.mocks.ofType(TOPIC)) {
      expect(topic.inputs).toMatchObject({ replicationFactor: 3, config: expect.objectContaining({ "min.insync.replicas": "2" }) });
    }
  });

  test("the provider bootstraps from all three host listeners and waits for all three containers", async () => {
    await build({ brokers: 3 });
    const provider = suite.mocks.get(KAFKA_PROVIDER, "kafka-topics-provider");
    expect(provider.inputs.bootstrapServers).toBe(JSON.stringify(["localhost:9092", "localhost:9093", "localhost:9094"]));
    expect(provider.dependencies).toEqual(nodes.map((n) => `kafka-broker-${n}-container`));
  });

  test("outputs aggregate the nodes", async () => {
    const { outputs } = await build({ brokers: 3, uiPort: 8081 });
    expect(outputs).toMatchObject({
      hostBootstrapServers: "localhost:9092,localhost:9093,localhost:9094",
      internalBootstrapServers: "kafka-broker-1:29092,kafka-broker-2:29092,kafka-broker-3:29092",
      brokerContainerNames: ["kafka-broker-1", "kafka-broker-2", "kafka-broker-3"],
      dataVolumeNames: ["kafka-broker-1-data", "kafka-broker-2-data", "kafka-broker-3-data"],
      uiUrl: "http://localhost:8081",
    });
    expect(suite.mocks.get(CONTAINER, "kafka-ui-container").inputs.envs).toContain(
      "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=kafka-broker-1:29092,kafka-broker-2:29092,kafka-broker-3:29092",
    );
  });
});

describe("KafkaStack with the metrics server", () => {
  test("one KafkaMetrics (image, container) under the stack, scraping all three brokers on their network", async () => {
    const { outputs } = await build({
      brokers: 3,
      metricsEnabled: true,
      metricsServerEnabled: true,
      metricsServerPort: 19090,
      prometheusImage: "cdc-kafka/prometheus:2.42",
      hostBindIp: "0.0.0.0",
      advertisedHost: "kafka.example.internal",
      uiLogin: true,
      uiLoginPassword: "a-given-login-password-1",
      clusterName: "pipeline",
    });
    expect(graph().filter((line) => line.includes("kafka-metrics"))).toEqual([
      `${METRICS} kafka-metrics <- kafka`,
      `${CONTAINER} kafka-metrics-container <- kafka-metrics`,
      `${IMAGE} kafka-metrics-image <- kafka-metrics`,
    ]);
    expect(suite.mocks.resources).toHaveLength(26);
    expect(suite.mocks.get(IMAGE, "kafka-metrics-image").inputs).toEqual({ name: "cdc-kafka/prometheus:2.42", keepLocally: true });
    const { inputs } = suite.mocks.get(CONTAINER, "kafka-metrics-container");
    expect(inputs.name).toBe("kafka-metrics");
    expect(inputs.networksAdvanced).toEqual([{ name: "kafka-network" }]);
    expect(inputs.ports).toEqual([{ internal: 9090, external: 19090, ip: "0.0.0.0", protocol: "tcp" }]);
    expect(inputs.labels).toEqual([{ label: "cdc-kafka.component", value: "metrics" }, stackLabel]);
    const targets = ["kafka-broker-1:11001", "kafka-broker-2:11001", "kafka-broker-3:11001"];
    expect(inputs.uploads[0].content).toBe(suite.lib.prometheusConfig(["kafka-broker-1", "kafka-broker-2", "kafka-broker-3"], "pipeline"));
    expect(outputs).toMatchObject({ metricsUrl: "http://localhost:19090", metricsScrapeTargets: targets });
  });

  test("the server's port defaults to 9090", async () => {
    const { outputs } = await build({ metricsEnabled: true, metricsServerEnabled: true });
    expect(suite.mocks.get(CONTAINER, "kafka-metrics-container").inputs.ports).toEqual([{ internal: 9090, external: 9090, ip: "127.0.0.1", protocol: "tcp" }]);
    expect(suite.mocks.get(IMAGE, "kafka-metrics-image").inputs.name).toBe("prom/prometheus:v2.42.0");
    expect(outputs.metricsUrl).toBe("http://localhost:9090");
  });

  test("the server without the brokers' metrics is refused before anything is registered", async () => {
    expect(() => new suite.lib.KafkaStack("kafka", { metricsServerEnabled: true })).toThrow(
      new suite.lib.KafkaConfigError([
        "metricsServerEnabled needs the brokers' metrics, which are off; set metricsEnabled to true or metricsServerEnabled to false.",
      ]),
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });
});

describe("KafkaStack validation", () => {
  test("invalid settings throw every problem at once and register nothing", async () => {
    const attempt = () => new suite.lib.KafkaStack("kafka", { brokers: 1, replicationFactor: 2, topics: ["a b"], uiPort: 9092 });
    expect(attempt).toThrow(suite.lib.KafkaConfigError);
    expect(attempt).toThrow(
      [
        "uiPort (9092) is already the host port of broker 1; choose a uiPort other than 9092.",
        "replicationFactor (2) cannot exceed the number of brokers (1); lower replicationFactor or add brokers.",
        'Topic name "a b" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".',
      ].join("\n"),
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("a Connect view needs both its name and its address, and the UI", async () => {
    expect(() => new suite.lib.KafkaStack("kafka", { kafkaConnectName: "debezium" })).toThrow(
      new suite.lib.KafkaConfigError([
        "kafkaConnectName and kafkaConnectAddress go together; set both to show a Kafka Connect cluster in the UI, or neither.",
      ]),
    );
    expect(() => new suite.lib.KafkaStack("kafka", { uiEnabled: false, kafkaConnectName: "debezium", kafkaConnectAddress: "http://connect:8083" })).toThrow(
      new suite.lib.KafkaConfigError([
        "kafkaConnectName and kafkaConnectAddress configure the UI's Connect view; set uiEnabled to true or drop them.",
      ]),
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("one problem is one sentence", () => {
    expect(() => new suite.lib.KafkaStack("kafka", { brokers: 3, minInsyncReplicas: 4 })).toThrow(
      new suite.lib.KafkaConfigError(["min.insync.replicas (4) cannot exceed the replication factor (3); lower minInsyncReplicas or add brokers."]),
    );
  });

  test("the error is a Pulumi RunError, so the CLI prints the message without a stack trace", () => {
    try {
      new suite.lib.KafkaStack("Kafka_Stack");
      throw new Error("no error thrown");
    } catch (error) {
      expect((error as Error).message).toBe(
        'name "Kafka_Stack" cannot name containers and volumes; use at most 50 lowercase letters, digits and "-", starting with a letter or digit.',
      );
      expect(require("@pulumi/pulumi").RunError.isInstance(error)).toBe(true);
    }
  });
});
