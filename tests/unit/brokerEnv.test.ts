// The broker's environment (cp-kafka's contract) from settings, and the listener addresses derived from it.
import {
  BrokerNodeSettings,
  brokerEnvironment,
  controllerQuorumVoters,
  environmentList,
  heapMb,
  hostAddress,
  hostListener,
  internalListener,
  METRICS_PORT,
  metricsAgentOption,
} from "../../components/brokerEnv";

const node: BrokerNodeSettings = {
  nodeId: 2,
  clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
  containerName: "kafka-broker-2",
  controllerQuorumVoters: "1@kafka-broker-1:29093,2@kafka-broker-2:29093,3@kafka-broker-3:29093",
  hostPort: 9093,
  advertisedHost: "localhost",
  replicationFactor: 3,
  minInsyncReplicas: 2,
  autoCreateTopics: false,
  logRetentionHours: 72,
  logRetentionBytes: 1073741824,
  groupInitialRebalanceDelayMs: 0,
  memoryMb: 1536,
};

describe("brokerEnvironment", () => {
  test("metrics enabled: the JMX exporter agent in KAFKA_OPTS on port 11001, nothing else changed", () => {
    const withMetrics = brokerEnvironment({ ...node, metricsEnabled: true });
    const { KAFKA_OPTS, ...rest } = withMetrics;
    expect(KAFKA_OPTS).toBe("-javaagent:/opt/prometheus/jmx_prometheus_javaagent.jar=11001:/opt/prometheus/kafka-broker.yml");
    expect(KAFKA_OPTS).toBe(metricsAgentOption());
    expect(METRICS_PORT).toBe(11001);
    expect(rest).toEqual(brokerEnvironment(node));
  });

  test.each([undefined, false])("metrics %s: no KAFKA_OPTS at all", (metricsEnabled) => {
    expect(brokerEnvironment({ ...node, metricsEnabled })).not.toHaveProperty("KAFKA_OPTS");
  });

  test("the second node of three: KRaft roles and quorum, listeners, delivery settings, retention, heap", () => {
    expect(brokerEnvironment(node)).toEqual({
      KAFKA_NODE_ID: "2",
      KAFKA_PROCESS_ROLES: "broker,controller",
      CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qg",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@kafka-broker-1:29093,2@kafka-broker-2:29093,3@kafka-broker-3:29093",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_BROKER_SESSION_TIMEOUT_MS: "3000",
      KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: "1000",
      KAFKA_LISTENERS: "INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093",
      KAFKA_ADVERTISED_LISTENERS: "INTERNAL://kafka-broker-2:29092,EXTERNAL://localhost:9093",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
      KAFKA_LOG_DIRS: "/var/lib/kafka/data",
      KAFKA_DEFAULT_REPLICATION_FACTOR: "3",
      KAFKA_MIN_INSYNC_REPLICAS: "2",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "3",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "2",
      KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: "false",
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
      KAFKA_LOG_RETENTION_HOURS: "72",
      KAFKA_LOG_RETENTION_BYTES: "1073741824",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_HEAP_OPTS: "-Xms768m -Xmx768m",
    });
  });

  test("the controller listener is never advertised (KRaft refuses that) and every listener has a protocol", () => {
    const environment = brokerEnvironment(node);
    expect(environment.KAFKA_ADVERTISED_LISTENERS).not.toMatch(/CONTROLLER/);
    const mapped = environment.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(",").map((entry) => entry.split(":")[0]);
    const listeners = environment.KAFKA_LISTENERS.split(",").map((entry) => entry.split(":")[0]);
    expect(mapped.sort()).toEqual(listeners.sort());
  });

  test.each([
    [{ autoCreateTopics: true }, "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true"],
    [{ groupInitialRebalanceDelayMs: 3000 }, "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "3000"],
    [{ advertisedHost: "kafka.example.internal" }, "KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka-broker-2:29092,EXTERNAL://kafka.example.internal:9093"],
    [{ advertisedHost: "192.168.1.20" }, "KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka-broker-2:29092,EXTERNAL://192.168.1.20:9093"],
    [{ memoryMb: 1025 }, "KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m"],
  ])("%j sets %s=%s", (change, name, value) => {
    expect(brokerEnvironment({ ...node, ...change })[name]).toBe(value);
  });

  test("a restarted node's old registration expires after 3 s (not Kafka's 9 s), with three heartbeats in a session", () => {
    const environment = brokerEnvironment(node);
    const session = Number(environment.KAFKA_BROKER_SESSION_TIMEOUT_MS);
    const heartbeat = Number(environment.KAFKA_BROKER_HEARTBEAT_INTERVAL_MS);
    expect([session, heartbeat]).toEqual([3000, 1000]);
    // The same on a secured broker: the session is not a listener setting.
    expect(brokerEnvironment({ ...node, security: "sasl_ssl" })).toMatchObject({ KAFKA_BROKER_SESSION_TIMEOUT_MS: "3000", KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: "1000" });
  });

  test("environmentList keeps the order, as NAME=value", () => {
    expect(environmentList({ B: "2", A: "x=y" })).toEqual(["B=2", "A=x=y"]);
  });
});

describe("addresses", () => {
  test.each([
    [["kafka-broker-1"], "1@kafka-broker-1:29093"],
    [["a", "b", "c"], "1@a:29093,2@b:29093,3@c:29093"],
  ])("voters of %j", (names, voters) => expect(controllerQuorumVoters(names)).toBe(voters));

  test.each([
    ["127.0.0.1", "localhost"],
    ["0.0.0.0", "localhost"],
    ["::", "localhost"],
    ["::1", "localhost"],
    ["10.0.0.5", "10.0.0.5"],
    ["fd00::5", "[fd00::5]"],
  ])("a port published on %s is reached at %s", (ip, host) => expect(hostAddress(ip)).toBe(host));

  test("listeners", () => {
    expect(hostListener("localhost", 19092)).toBe("localhost:19092");
    expect(hostListener("192.168.1.20", 19092)).toBe("192.168.1.20:19092");
    expect(hostListener("fd00::5", 19092)).toBe("[fd00::5]:19092");
    expect(internalListener("kafka-broker-1")).toBe("kafka-broker-1:29092");
    expect(heapMb(1024)).toBe(512);
  });
});
