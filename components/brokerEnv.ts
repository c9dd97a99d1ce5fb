// The broker container's environment, built from settings. cp-kafka's contract (which the local image honours too):
// each KAFKA_<NAME> variable becomes the server property <name> (lowercased, "_" → ".").

import { isIP } from "net";
import { BROKER_PRINCIPAL, PRINCIPALS } from "./accessControl";
import { SASL_MECHANISM, scramJaasConfig } from "./clientConfig";
import { SecurityMode } from "./config";

/** Where the broker keeps its log segments and KRaft metadata; the named data volume is mounted here. */
export const DATA_DIR = "/var/lib/kafka/data";
/** Container port of the EXTERNAL listener; each broker publishes it on its own host port. */
export const EXTERNAL_PORT = 9092;
/** Port of the INTERNAL listener, for containers on the Docker network and for replication between brokers. */
export const INTERNAL_PORT = 29092;
/** Port the KRaft controllers talk to each other on; never published. */
export const CONTROLLER_PORT = 29093;
/** With security sasl_ssl: the listener brokers replicate over (mutual TLS, never published). */
export const REPLICATION_PORT = 29094;
/**
 * With security sasl_ssl: a PLAINTEXT listener on the container's own loopback for the healthcheck's ApiVersions probe
 * (bash cannot speak TLS). Nothing outside the container reaches it, and its anonymous principal has no ACL.
 */
export const HEALTH_PORT = 29095;
/**
 * Where a secured broker finds its key and certificate, the CA, and the SCRAM credentials to format storage with. The
 * project's image owns this directory (0700) and makes each file in it the broker user's own, 0400, before Kafka starts.
 */
export const SECURITY_DIR = "/etc/kafka/security";
/** The broker's private key and certificate (PEM keystore). */
export const KEYSTORE_FILE = `${SECURITY_DIR}/broker.pem`;
/** The CA the broker trusts (PEM truststore). */
export const TRUSTSTORE_FILE = `${SECURITY_DIR}/ca.pem`;
/** The admin's SCRAM credential, written into the metadata when storage is first formatted. */
export const SCRAM_CREDENTIALS_FILE = `${SECURITY_DIR}/scram-credentials`;
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
  /** The KRaft cluster id the data volume is formatted with. */
  clusterId: string;
  /** Container name, which is also its hostname on the Docker network. */
  containerName: string;
  /** `id@host:port` of every controller in the cluster, this node included. */
  controllerQuorumVoters: string;
  /** The host port the EXTERNAL listener is published on and advertised with. */
  hostPort: number;
  /** What the EXTERNAL listener advertises: the host name or address clients reach the published port by. */
  advertisedHost: string;
  /** The broker's default replication factor, also of the internal topics. */
  replicationFactor: number;
  /** Broker `min.insync.replicas`. */
  minInsyncReplicas: number;
  /** Broker `auto.create.topics.enable`. */
  autoCreateTopics: boolean;
  /** Broker `log.retention.hours`. */
  logRetentionHours: number;
  /** Broker `log.retention.bytes` (-1: no size limit). */
  logRetentionBytes: number;
  /** Broker `group.initial.rebalance.delay.ms`. */
  groupInitialRebalanceDelayMs: number;
  /** Container memory limit in MiB; the JVM heap gets half, the page cache the rest. */
  memoryMb: number;
  /** Run the Prometheus JMX exporter agent in the broker JVM, serving `/metrics` on {@link METRICS_PORT}. @default false */
  metricsEnabled?: boolean;
  /** @default "plaintext" */
  security?: SecurityMode;
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

/** The EXTERNAL listener's advertised address: what clients outside Docker bootstrap from (IPv6 in brackets). */
export function hostListener(advertisedHost: string, hostPort: number): string {
  return `${isIP(advertisedHost) === 6 ? `[${advertisedHost}]` : advertisedHost}:${hostPort}`;
}

/** The INTERNAL listener's advertised address: what containers on the network bootstrap from. */
export function internalListener(containerName: string): string {
  return `${containerName}:${INTERNAL_PORT}`;
}

/**
 * Metadata snapshots every 10 s (Kafka's default: hourly), kept 10 minutes, on a secured broker. Measured on Kafka
 * 3.6.2 here: once a SCRAM credential written by the kafka provider's client (sarama) has been removed, a broker
 * that rebuilds its state by replaying the metadata log refuses every SCRAM login after its restart, while one that
 * starts from a snapshot taken after the removal does not. With a snapshot at most 10 s behind, only a restart within
 * 10 s of removing a principal is exposed. A snapshot of this cluster's metadata is a few kilobytes.
 */
export const SCRAM_SNAPSHOT_ENVIRONMENT: Readonly<Record<string, string>> = {
  KAFKA_METADATA_LOG_MAX_SNAPSHOT_INTERVAL_MS: "10000",
  KAFKA_METADATA_MAX_RETENTION_MS: "600000",
};

/**
 * How long the controller keeps a broker's registration without a heartbeat (Kafka's default: 9 s, heartbeat every
 * 2 s), and how often the broker heartbeats. After an unclean stop (SIGKILL, OOM kill, power loss) the restarted node
 * cannot register until its old registration's session has expired (DUPLICATE_BROKER_REGISTRATION, retried with a
 * backoff that doubles up to the session timeout): measured here (`npm run bench -- recovery`), 3 s instead of 9 s
 * cut that wait from 12.9 s to 3.2 s, median of 5 restarts. What it trades: a broker that cannot heartbeat for 3 s
 * (a long GC pause, a CPU starved by its neighbours) is fenced sooner. On one broker that makes the cluster
 * unavailable until it heartbeats again; on three, the fenced broker's partitions move to in-sync replicas. Never an
 * unclean election, never a lost acknowledged write: fencing only stops a broker from serving. Three heartbeats fit
 * in a session (Kafka's default: 4.5).
 */
export const BROKER_SESSION_ENVIRONMENT: Readonly<Record<string, string>> = {
  KAFKA_BROKER_SESSION_TIMEOUT_MS: "3000",
  KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: "1000",
};

/** The port the healthcheck probes with a PLAINTEXT ApiVersions request. */
export function healthcheckPort(security: SecurityMode = "plaintext"): number {
  return security === "sasl_ssl" ? HEALTH_PORT : INTERNAL_PORT;
}

/**
 * Listeners and their security. plaintext: INTERNAL (network clients and replication), EXTERNAL (host clients) and
 * CONTROLLER, all PLAINTEXT. sasl_ssl: INTERNAL and EXTERNAL are SASL_SSL with SCRAM-SHA-512; brokers replicate over
 * REPLICATION and reach the controllers over CONTROLLER, both TLS with client certificates, whose CN
 * ({@link BROKER_PRINCIPAL}) is a super user; the StandardAuthorizer refuses whatever no ACL allows; HEALTH serves the
 * probe on the container's loopback.
 */
export function listenerEnvironment(node: Pick<BrokerNodeSettings, "containerName" | "advertisedHost" | "hostPort" | "security">): Record<string, string> {
  const advertised = `INTERNAL://${internalListener(node.containerName)},EXTERNAL://${hostListener(node.advertisedHost, node.hostPort)}`;
  if ((node.security ?? "plaintext") === "plaintext") {
    return {
      KAFKA_LISTENERS: `INTERNAL://0.0.0.0:${INTERNAL_PORT},EXTERNAL://0.0.0.0:${EXTERNAL_PORT},CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
      KAFKA_ADVERTISED_LISTENERS: advertised,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
    };
  }
  const serverJaas = scramJaasConfig();
  return {
    KAFKA_LISTENERS: [
      `INTERNAL://0.0.0.0:${INTERNAL_PORT}`,
      `EXTERNAL://0.0.0.0:${EXTERNAL_PORT}`,
      `CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
      `REPLICATION://0.0.0.0:${REPLICATION_PORT}`,
      `HEALTH://127.0.0.1:${HEALTH_PORT}`,
    ].join(","),
    KAFKA_ADVERTISED_LISTENERS: `${advertised},REPLICATION://${node.containerName}:${REPLICATION_PORT}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL,REPLICATION:SSL,HEALTH:PLAINTEXT",
    KAFKA_INTER_BROKER_LISTENER_NAME: "REPLICATION",
    KAFKA_SASL_ENABLED_MECHANISMS: SASL_MECHANISM,
    KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG: serverJaas,
    KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG: serverJaas,
    KAFKA_SSL_KEYSTORE_TYPE: "PEM",
    KAFKA_SSL_KEYSTORE_LOCATION: KEYSTORE_FILE,
    KAFKA_SSL_TRUSTSTORE_TYPE: "PEM",
    KAFKA_SSL_TRUSTSTORE_LOCATION: TRUSTSTORE_FILE,
    KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH: "required",
    KAFKA_LISTENER_NAME_REPLICATION_SSL_CLIENT_AUTH: "required",
    // A certificate's principal is its CN alone, so super.users can name the brokers' one subject.
    KAFKA_SSL_PRINCIPAL_MAPPING_RULES: "RULE:^CN=([^,]+)$/$1/,DEFAULT",
    KAFKA_AUTHORIZER_CLASS_NAME: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    KAFKA_SUPER_USERS: `User:${BROKER_PRINCIPAL};User:${PRINCIPALS.admin}`,
    KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: "false",
    // The image's extension (not cp-kafka's): SCRAM credentials written into the metadata when storage is formatted.
    FORMAT_SCRAM_CREDENTIALS_FILE: SCRAM_CREDENTIALS_FILE,
    ...SCRAM_SNAPSHOT_ENVIRONMENT,
  };
}

/** The JVM option that loads the JMX exporter: `-javaagent:<jar>=<port>:<rules>`, listening on every address. */
export function metricsAgentOption(): string {
  return `-javaagent:${METRICS_AGENT_JAR}=${METRICS_PORT}:${METRICS_RULES_FILE}`;
}

/** The JVM heap of a broker with `memoryMb` of container memory: half of it, the rest for the page cache. */
export function heapMb(memoryMb: number): number {
  return Math.floor(memoryMb / 2);
}

/** The settings {@link brokerDeliveryProperties} is made of. */
export type BrokerDeliverySettings = Pick<
  BrokerNodeSettings,
  "replicationFactor" | "minInsyncReplicas" | "autoCreateTopics" | "logRetentionHours" | "logRetentionBytes" | "groupInitialRebalanceDelayMs"
>;

/**
 * The broker properties that carry the delivery guarantee and the retention, in Kafka's names: one home for the Docker
 * brokers' environment and the Strimzi Kafka resource's `config`.
 */
export function brokerDeliveryProperties(settings: BrokerDeliverySettings): Record<string, string> {
  return {
    // Delivery: every topic (the internal ones too) gets the stack's replication, and acks=all writes need
    // min.insync.replicas copies; an out-of-sync replica never becomes leader, since that would drop acknowledged writes.
    "default.replication.factor": String(settings.replicationFactor),
    "min.insync.replicas": String(settings.minInsyncReplicas),
    "offsets.topic.replication.factor": String(settings.replicationFactor),
    "transaction.state.log.replication.factor": String(settings.replicationFactor),
    "transaction.state.log.min.isr": String(settings.minInsyncReplicas),
    "unclean.leader.election.enable": "false",
    // Off by default: a typo in a producer's topic name should fail, not create a topic with broker defaults.
    "auto.create.topics.enable": String(settings.autoCreateTopics),
    "log.retention.hours": String(settings.logRetentionHours),
    "log.retention.bytes": String(settings.logRetentionBytes),
    "group.initial.rebalance.delay.ms": String(settings.groupInitialRebalanceDelayMs),
  };
}

/** A server property as cp-kafka's environment variable: `KAFKA_`, then `_` → `__`, `-` → `___`, `.` → `_`, upper case. */
export function brokerEnvName(property: string): string {
  return `KAFKA_${property.replace(/_/g, "__").replace(/-/g, "___").replace(/\./g, "_").toUpperCase()}`;
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
    ...BROKER_SESSION_ENVIRONMENT,
    ...listenerEnvironment(node),
    KAFKA_LOG_DIRS: DATA_DIR,
    ...Object.fromEntries(Object.entries(brokerDeliveryProperties(node)).map(([property, value]) => [brokerEnvName(property), value])),
    KAFKA_HEAP_OPTS: `-Xms${heap}m -Xmx${heap}m`,
    // cp-kafka passes KAFKA_OPTS to the JVM and keeps it out of the server properties.
    ...(node.metricsEnabled ? { KAFKA_OPTS: metricsAgentOption() } : {}),
  };
}

/** `NAME=value` lines, the form a container's `envs` takes. */
export function environmentList(environment: Record<string, string>): string[] {
  return Object.entries(environment).map(([name, value]) => `${name}=${value}`);
}
