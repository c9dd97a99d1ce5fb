// The broker container's environment, built from settings. cp-kafka's contract (which the local image honours too):
// each KAFKA_<NAME> variable becomes the server property <name> (lowercased, "_" → ".").

/** Where the broker keeps its log segments and KRaft metadata; the named data volume is mounted here. */
export const DATA_DIR = "/var/lib/kafka/data";
/** Container port of the EXTERNAL listener; each broker publishes it on its own host port. */
export const EXTERNAL_PORT = 9092;
/** Port of the INTERNAL listener, for containers on the Docker network and for replication between brokers. */
export const INTERNAL_PORT = 29092;
/** Port the KRaft controllers talk to each other on; never published. */
export const CONTROLLER_PORT = 29093;
/**
 * Container port of the Prometheus JMX exporter (`/metrics`) when metrics are enabled: kafbat UI's default for
 * `KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS`, so the UI finds it without further settings.
 */
export const METRICS_PORT = 11001;
/** The JMX exporter java agent in the broker image (the project's image has it; an upstream image needs it added). */
export const METRICS_AGENT_JAR = "/opt/prometheus/jmx_prometheus_javaagent.jar";
/** The exporter's rules: which MBeans become which series (toolchain/images/kafka/prometheus/kafka-broker.yml). */
export const METRICS_RULES_FILE = "/opt/prometheus/kafka-broker.yml";

/** What one broker node needs to know to describe itself and its cluster. */
export interface BrokerNodeSettings {
  /** KRaft node id (1-based), also the node's voter id. */
  nodeId: number;
  clusterId: string;
  /** Container name, which is also its hostname on the Docker network. */
  containerName: string;
  /** `id@host:port` of every controller in the cluster, this node included. */
  controllerQuorumVoters: string;
  hostPort: number;
  hostBindIp: string;
  replicationFactor: number;
  minInsyncReplicas: number;
  autoCreateTopics: boolean;
  logRetentionHours: number;
  logRetentionBytes: number;
  groupInitialRebalanceDelayMs: number;
  /** Container memory limit in MiB; the JVM heap gets half, the page cache the rest. */
  memoryMb: number;
  /** Run the Prometheus JMX exporter agent in the broker JVM, serving `/metrics` on {@link METRICS_PORT}. @default false */
  metricsEnabled?: boolean;
}

/** One entry of `controller.quorum.voters`: `<node id>@<container>:29093`. */
export function controllerVoter(nodeId: number, containerName: string): string {
  return `${nodeId}@${containerName}:${CONTROLLER_PORT}`;
}

/** `1@<c1>:29093,2@<c2>:29093,…`: node n is the n-th container. */
export function controllerQuorumVoters(containerNames: readonly string[]): string {
  return containerNames.map((name, index) => controllerVoter(index + 1, name)).join(",");
}

/**
 * The host name clients on the host use for a port published on `hostBindIp`: `localhost` for the loopback or
 * any-address binds, otherwise the address itself (in brackets for IPv6).
 */
export function hostAddress(hostBindIp: string): string {
  if (["127.0.0.1", "0.0.0.0", "::", "::1"].includes(hostBindIp)) return "localhost";
  return hostBindIp.includes(":") ? `[${hostBindIp}]` : hostBindIp;
}

/** The EXTERNAL listener's advertised address: what clients outside Docker bootstrap from. */
export function hostListener(hostBindIp: string, hostPort: number): string {
  return `${hostAddress(hostBindIp)}:${hostPort}`;
}

/** The INTERNAL listener's advertised address: what containers on the network bootstrap from. */
export function internalListener(containerName: string): string {
  return `${containerName}:${INTERNAL_PORT}`;
}

/** The JVM option that loads the JMX exporter: `-javaagent:<jar>=<port>:<rules>`, listening on every address. */
export function metricsAgentOption(): string {
  return `-javaagent:${METRICS_AGENT_JAR}=${METRICS_PORT}:${METRICS_RULES_FILE}`;
}

export function heapMb(memoryMb: number): number {
  return Math.floor(memoryMb / 2);
}

/** The broker's environment, in the order a reader of `docker inspect` would want it. */
export function brokerEnvironment(node: BrokerNodeSettings): Record<string, string> {
  const heap = heapMb(node.memoryMb);
  return {
    // KRaft: every node is broker and controller; the cluster id must match the one formatted on the data volume.
    KAFKA_NODE_ID: String(node.nodeId),
    KAFKA_PROCESS_ROLES: "broker,controller",
    CLUSTER_ID: node.clusterId,
    KAFKA_CONTROLLER_QUORUM_VOTERS: node.controllerQuorumVoters,
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_LISTENERS: `INTERNAL://0.0.0.0:${INTERNAL_PORT},EXTERNAL://0.0.0.0:${EXTERNAL_PORT},CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
    KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${internalListener(node.containerName)},EXTERNAL://${hostListener(node.hostBindIp, node.hostPort)}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
    KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
    KAFKA_LOG_DIRS: DATA_DIR,
    // Delivery: every topic (the internal ones too) gets the stack's replication, and acks=all writes need
    // min.insync.replicas copies; an out-of-sync replica never becomes leader, since that would drop acknowledged writes.
    KAFKA_DEFAULT_REPLICATION_FACTOR: String(node.replicationFactor),
    KAFKA_MIN_INSYNC_REPLICAS: String(node.minInsyncReplicas),
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(node.replicationFactor),
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(node.replicationFactor),
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(node.minInsyncReplicas),
    KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: "false",
    // Off by default: a typo in a producer's topic name should fail, not create a topic with broker defaults.
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: String(node.autoCreateTopics),
    KAFKA_LOG_RETENTION_HOURS: String(node.logRetentionHours),
    KAFKA_LOG_RETENTION_BYTES: String(node.logRetentionBytes),
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: String(node.groupInitialRebalanceDelayMs),
    KAFKA_HEAP_OPTS: `-Xms${heap}m -Xmx${heap}m`,
    // cp-kafka passes KAFKA_OPTS to the JVM and keeps it out of the server properties.
    ...(node.metricsEnabled ? { KAFKA_OPTS: metricsAgentOption() } : {}),
  };
}

/** `NAME=value` lines, the form a container's `envs` takes. */
export function environmentList(environment: Record<string, string>): string[] {
  return Object.entries(environment).map(([name, value]) => `${name}=${value}`);
}
