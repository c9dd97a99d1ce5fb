// The library's settings: their types, defaults and how the defaults are resolved (the replication factor from the
// broker count, the cluster id from the name). Pure; validation.ts holds the rules that check them.
import { createHash } from "crypto";
import type { PrincipalRole } from "./accessControl";

/** The broker image when none is given: Confluent's cp-kafka, whose environment contract the local image keeps. */
export const DEFAULT_KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.1";
/** The UI image when none is given: kafbat UI, whose environment contract the local image keeps. */
export const DEFAULT_UI_IMAGE = "ghcr.io/kafbat/kafka-ui:v1.5.0";
/** The Prometheus image when none is given. */
export const DEFAULT_PROMETHEUS_IMAGE = "prom/prometheus:v2.42.0";
/** The tables Debezium captures (server name `dbserver`, schema `public`), one topic each. */
export const CDC_TOPICS: readonly string[] = ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"];
/** More KRaft voters than this on one Docker host buys no availability, only memory and start-up time. */
export const MAX_BROKERS = 9;
/** A container name is also its hostname, so it is limited like one. */
export const MAX_CONTAINER_NAME_LENGTH = 63;
/** Containers are named `<name>-broker-<n>` and must stay valid hostnames. */
export const MAX_NAME_LENGTH = 50;
/** Below this the JVM (half of it as heap) cannot hold a broker and its controller. */
export const MIN_BROKER_MEMORY_MB = 256;
/** The values Kafka accepts for a topic's `cleanup.policy`. */
export const CLEANUP_POLICIES: readonly string[] = ["delete", "compact", "compact,delete", "delete,compact"];
/**
 * How clients reach the brokers. `plaintext`: no encryption, no authentication (the dev default; bind to loopback).
 * `sasl_ssl`: TLS on every listener with a CA the stack makes; clients authenticate with SCRAM-SHA-512, brokers and
 * controllers with certificates; ACLs decide what each principal may do.
 */
export const SECURITY_MODES = ["plaintext", "sasl_ssl"] as const;
/** One of {@link SECURITY_MODES}. */
export type SecurityMode = (typeof SECURITY_MODES)[number];
/** The password settings of a secured stack, one per principal (see accessControl.ts). */
export const PASSWORD_SETTINGS = ["adminPassword", "connectPassword", "consumerPassword", "uiPassword"] as const;
/** One of {@link PASSWORD_SETTINGS}. */
export type PasswordSetting = (typeof PASSWORD_SETTINGS)[number];
/** The password setting of each principal (accessControl.ts's roles). */
export const PASSWORD_SETTING_OF: Record<PrincipalRole, PasswordSetting> = {
  admin: "adminPassword",
  connect: "connectPassword",
  consumer: "consumerPassword",
  ui: "uiPassword",
};

/**
 * The settings of a Kafka stack. Plain values, not `pulumi.Input`s: each one is validated, and several decide how many
 * resources exist, before any resource is registered.
 */
export interface KafkaSettingsArgs {
  /** Number of Kafka nodes, each a combined KRaft broker and controller in its own container. @default 1 */
  brokers?: number;
  /** Broker image; any image with cp-kafka's environment contract. @default "confluentinc/cp-kafka:7.6.1" */
  kafkaImage?: string;
  /** Web UI image; any image with kafbat's environment contract. @default "ghcr.io/kafbat/kafka-ui:v1.5.0" */
  uiImage?: string;
  /** Whether to run the web UI. @default true */
  uiEnabled?: boolean;
  /** KRaft cluster id (22 base64url characters). @default derived from the component name, so it is stable */
  clusterId?: string;
  /** Cluster name shown by the UI and used in its REST paths. @default the component name */
  clusterName?: string;
  /** Host port of the first broker's EXTERNAL listener; broker n uses hostPort + n - 1. @default 9092 */
  hostPort?: number;
  /** Host address the broker and UI ports are published on; 0.0.0.0 exposes them to the network. @default "127.0.0.1" */
  hostBindIp?: string;
  /** Host port of the web UI. @default 8080 */
  uiPort?: number;
  /** Broker `auto.create.topics.enable`; off so that only declared topics (with their settings) exist. @default false */
  autoCreateTopics?: boolean;
  /** Broker `log.retention.hours`, for topics without their own retention. @default 168 */
  logRetentionHours?: number;
  /** Broker `log.retention.bytes` per partition; -1 for no size limit. @default -1 */
  logRetentionBytes?: number;
  /** The topics to declare. @default ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"] */
  topics?: string[];
  /** Partitions per topic. @default 3 */
  topicPartitions?: number;
  /** Topic `retention.ms`; -1 keeps messages forever. @default 604800000 (7 days) */
  topicRetentionMs?: number;
  /** Topic `cleanup.policy`: delete, compact or compact,delete. @default "delete" */
  topicCleanupPolicy?: string;
  /** Replication factor of the topics, the broker default and the internal topics. @default min(3, brokers) */
  replicationFactor?: number;
  /** `min.insync.replicas` of the topics and the broker. @default replicationFactor - 1, at least 1 */
  minInsyncReplicas?: number;
  /**
   * Keep the data volumes when the stack is destroyed (Pulumi `retainOnDelete`). With security `sasl_ssl` it needs an
   * explicit adminPassword: the kept data holds the admin's credential, which a newly generated password would not match.
   * @default false
   */
  keepDataVolume?: boolean;
  /** Memory limit of each broker container in MiB; half of it is the JVM heap. @default 1024 */
  brokerMemoryMb?: number;
  /** Broker `group.initial.rebalance.delay.ms`; 0 lets a new consumer group start at once. @default 0 */
  groupInitialRebalanceDelayMs?: number;
  /** How long `pulumi up` waits for each broker container to report healthy. @default 180 */
  brokerWaitTimeoutSeconds?: number;
  /**
   * Run the Prometheus JMX exporter in every broker (`http://<broker container>:11001/metrics` on the network) and
   * point the UI at it. Needs an image with the agent at /opt/prometheus/ (the project's image has it; the upstream
   * cp-kafka image does not, and its broker would not start). @default false
   */
  metricsEnabled?: boolean;
  /** Host port of broker 1's metrics endpoint (broker n uses metricsHostPort + n - 1). @default none: not published */
  metricsHostPort?: number;
  /**
   * Run a Prometheus server (KafkaMetrics) that scrapes every broker's exporter and evaluates the Kafka alert rules.
   * Needs metricsEnabled. @default false
   */
  metricsServerEnabled?: boolean;
  /** Host port of the Prometheus UI and API, on hostBindIp, when metricsServerEnabled. @default 9090 */
  metricsServerPort?: number;
  /** Prometheus image of the metrics server; any with prom/prometheus's contract. @default "prom/prometheus:v2.42.0" */
  prometheusImage?: string;
  /**
   * `plaintext` or `sasl_ssl` (SASL_SSL with SCRAM-SHA-512 for clients, mutual TLS between brokers and controllers,
   * ACLs). `sasl_ssl` needs an image that bootstraps SCRAM credentials at format time (the project's image does;
   * the upstream cp-kafka image does not, and is refused with it). @default "plaintext"
   */
  security?: SecurityMode;
  /**
   * The host name or address clients use to reach the published broker ports; each broker advertises
   * `<advertisedHost>:<its host port>`, so a client that reaches it also reaches every broker after bootstrap.
   * @default "localhost" for a loopback hostBindIp, the address itself for any other single address; required when
   * hostBindIp is 0.0.0.0 or ::
   */
  advertisedHost?: string;
  /**
   * Password of the `admin` principal (Pulumi, the tools). Set once: it is fixed when storage is formatted, and a later
   * change is refused before anything is deployed (FormattedAdminPassword). @default generated
   */
  adminPassword?: string;
  /** Password of the `connect` principal (the Debezium worker). @default generated */
  connectPassword?: string;
  /** Password of the `consumer` principal. @default generated */
  consumerPassword?: string;
  /** Password of the `ui` principal. @default generated */
  uiPassword?: string;
  /**
   * The web UI's own login form (kafbat's `AUTH_TYPE=LOGIN_FORM`): a session cookie after a username and password,
   * every API path refused without one. Required to publish the UI beyond loopback.
   * @default true when security is "sasl_ssl", false otherwise
   */
  uiLogin?: boolean;
  /** User name of the UI's login. @default "admin" */
  uiLoginUsername?: string;
  /** Password of the UI's login; read it with `pulumi stack output --show-secrets uiLogin`. @default generated */
  uiLoginPassword?: string;
  /**
   * Any change makes a new CA and new broker certificates (the brokers restart with them). StrimziKafkaStack with
   * security "sasl_ssl" needs a whole number ≥ 1 that is only ever raised: it numbers the CA for Strimzi, which ignores
   * a CA of a lower generation. @default "1"
   */
  tlsRotation?: string;
}

/** Settings that stay undefined when not given: a port not published, a host not derivable, passwords to generate. */
type OptionalSetting = "metricsHostPort" | "advertisedHost" | PasswordSetting | "uiLoginPassword";
/** Every setting resolved to its value, except the optional ones. */
export type KafkaSettings = Required<Omit<KafkaSettingsArgs, OptionalSetting>> & Pick<KafkaSettingsArgs, OptionalSetting>;

/** The defaults that do not depend on other settings or on the component name. */
export const DEFAULTS = {
  /** One node, broker and controller. */
  brokers: 1,
  /** {@link DEFAULT_KAFKA_IMAGE}. */
  kafkaImage: DEFAULT_KAFKA_IMAGE,
  /** {@link DEFAULT_UI_IMAGE}. */
  uiImage: DEFAULT_UI_IMAGE,
  /** The UI runs. */
  uiEnabled: true,
  /** Broker 1's EXTERNAL listener on the host. */
  hostPort: 9092,
  /** Loopback only. */
  hostBindIp: "127.0.0.1",
  /** The UI on the host. */
  uiPort: 8080,
  /** Only declared topics exist. */
  autoCreateTopics: false,
  /** 7 days. */
  logRetentionHours: 168,
  /** No size limit. */
  logRetentionBytes: -1,
  /** Partitions per topic. */
  topicPartitions: 3,
  /** 7 days. */
  topicRetentionMs: 604_800_000,
  /** Old segments are deleted. */
  topicCleanupPolicy: "delete",
  /** Destroy removes the data volumes. */
  keepDataVolume: false,
  /** Container memory limit; half is heap. */
  brokerMemoryMb: 1024,
  /** A new consumer group starts at once. */
  groupInitialRebalanceDelayMs: 0,
  /** How long `up` waits for a healthy broker. */
  brokerWaitTimeoutSeconds: 180,
  /** No JMX exporter (the upstream image has none). */
  metricsEnabled: false,
  /** Not published: the metrics are for scrapers on the Docker network unless asked for on the host. */
  metricsHostPort: undefined as number | undefined,
  /** No Prometheus server. */
  metricsServerEnabled: false,
  /** The Prometheus UI and API on the host. */
  metricsServerPort: 9090,
  /** {@link DEFAULT_PROMETHEUS_IMAGE}. */
  prometheusImage: DEFAULT_PROMETHEUS_IMAGE,
  /** No encryption, no authentication. */
  security: "plaintext" as SecurityMode,
  /** The first CA and certificates. */
  tlsRotation: "1",
  /** The UI login's user name. */
  uiLoginUsername: "admin",
};

/** 0.0.0.0 and :: publish a port on every address of the machine: which one clients use cannot be guessed. */
export function isAnyAddress(hostBindIp: string): boolean {
  return hostBindIp === "0.0.0.0" || hostBindIp === "::";
}

/** 127.0.0.0/8 and ::1: a port published there is reachable from this machine only. */
export function isLoopbackAddress(hostBindIp: string): boolean {
  return hostBindIp === "::1" || hostBindIp.startsWith("127.");
}

/**
 * The name clients use for ports published on `hostBindIp`: `localhost` for loopback, the address itself for one
 * specific address, none for the any-address (advertisedHost must then be given).
 */
export function defaultAdvertisedHost(hostBindIp: string): string | undefined {
  if (isAnyAddress(hostBindIp)) return undefined;
  if (isLoopbackAddress(hostBindIp)) return "localhost";
  return hostBindIp;
}

/** Kafka's advice: three replicas where there are three brokers, fewer only when there are fewer brokers. */
export function defaultReplicationFactor(brokers: number): number {
  return Math.min(3, brokers);
}

/** One replica may be down while acks=all writes still succeed; a single replica must itself be in sync. */
export function defaultMinInsyncReplicas(replicationFactor: number): number {
  return replicationFactor > 1 ? replicationFactor - 1 : 1;
}

/**
 * A KRaft cluster id derived from a name: base64url of the first 16 bytes of its SHA-256 (22 characters). The same
 * name always gives the same id, so a replaced container still matches the `meta.properties` on its data volume.
 * Like Kafka's own `Uuid.randomUuid()`, it never starts with "-": `kafka-storage format -t <id>` would read such an
 * id as an option and refuse to format (about one name in 64), so the name is hashed again with a counter.
 */
export function deriveClusterId(name: string): string {
  for (let attempt = 0; ; attempt++) {
    const seed = attempt === 0 ? name : `${name}#${attempt}`;
    const id = createHash("sha256").update(seed).digest().subarray(0, 16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** `cdc-kafka-<stack>`, with the stack name reduced to what container names and hostnames allow. */
export function defaultNamePrefix(stack: string): string {
  return `cdc-kafka-${stack.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, MAX_NAME_LENGTH);
}

/** The given settings over the defaults; `name` (the component's) seeds the cluster id and cluster name. */
export function resolveKafkaSettings(name: string, args: KafkaSettingsArgs): KafkaSettings {
  const given = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)) as KafkaSettingsArgs;
  const brokers = given.brokers ?? DEFAULTS.brokers;
  const replicationFactor = given.replicationFactor ?? defaultReplicationFactor(brokers);
  return {
    ...DEFAULTS,
    clusterId: deriveClusterId(name),
    clusterName: name,
    topics: [...CDC_TOPICS],
    minInsyncReplicas: defaultMinInsyncReplicas(replicationFactor),
    ...given,
    brokers,
    replicationFactor,
    advertisedHost: given.advertisedHost ?? defaultAdvertisedHost(given.hostBindIp ?? DEFAULTS.hostBindIp),
    // A secured stack's console shows everything its principal reads, so it gets a login unless told otherwise.
    uiLogin: given.uiLogin ?? (given.security ?? DEFAULTS.security) === "sasl_ssl",
  };
}
