// Defaults, types and validation of the library's settings. Pure (no resources), so every rule is tested without mocks;
// the components and the stack program call these before they register anything.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { isIP } from "net";

export const DEFAULT_KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.1";
export const DEFAULT_UI_IMAGE = "ghcr.io/kafbat/kafka-ui:v1.5.0";
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
export const CLEANUP_POLICIES: readonly string[] = ["delete", "compact", "compact,delete", "delete,compact"];

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
  /** Keep the data volumes when the stack is destroyed (Pulumi `retainOnDelete`). @default false */
  keepDataVolume?: boolean;
  /** Memory limit of each broker container in MiB; half of it is the JVM heap. @default 1024 */
  brokerMemoryMb?: number;
  /** Broker `group.initial.rebalance.delay.ms`; 0 lets a new consumer group start at once. @default 0 */
  groupInitialRebalanceDelayMs?: number;
  /** How long `pulumi up` waits for each broker container to report healthy. @default 180 */
  brokerWaitTimeoutSeconds?: number;
}

/** Every setting resolved to its value. */
export type KafkaSettings = Required<KafkaSettingsArgs>;

/** The defaults that do not depend on other settings or on the component name. */
export const DEFAULTS = {
  brokers: 1,
  kafkaImage: DEFAULT_KAFKA_IMAGE,
  uiImage: DEFAULT_UI_IMAGE,
  uiEnabled: true,
  hostPort: 9092,
  hostBindIp: "127.0.0.1",
  uiPort: 8080,
  autoCreateTopics: false,
  logRetentionHours: 168,
  logRetentionBytes: -1,
  topicPartitions: 3,
  topicRetentionMs: 604_800_000,
  topicCleanupPolicy: "delete",
  keepDataVolume: false,
  brokerMemoryMb: 1024,
  groupInitialRebalanceDelayMs: 0,
  brokerWaitTimeoutSeconds: 180,
};

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
  };
}

/** A validation failure: one full sentence per problem, each saying what to change. */
export class KafkaConfigError extends pulumi.RunError {
  constructor(public readonly errors: string[]) {
    // RunError: Pulumi prints the message alone, without a stack trace, which is what a config mistake deserves.
    super(errors.join("\n"));
    this.name = "KafkaConfigError";
  }
}

/** The problems found: each rule returns a sentence, or undefined when it holds. */
function found(problems: (string | undefined)[]): string[] {
  return problems.filter((problem): problem is string => problem !== undefined);
}

/** Throws one KafkaConfigError carrying every problem found, or returns when there is none. */
export function throwIfInvalid(problems: (string | undefined)[]): void {
  const errors = found(problems);
  if (errors.length > 0) throw new KafkaConfigError(errors);
}

/** `field` must be a whole number from `min` to `max` (no upper bound when `max` is omitted). */
export function wholeNumberError(field: string, value: number, min: number, max?: number): string | undefined {
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return undefined;
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  return `${field} (${value}) is out of range; set ${field} to a whole number ${range}.`;
}

/** Retention (time or size) must be positive, or -1 for Kafka's "no limit". */
export function retentionError(field: string, value: number): string | undefined {
  if (Number.isInteger(value) && (value > 0 || value === -1)) return undefined;
  return `${field} (${value}) is out of range; set ${field} to a positive whole number, or -1 for no limit.`;
}

/** Names that become container names, hostnames and volume names. */
export function dockerNameError(field: string, value: string, maxLength: number): string | undefined {
  if (new RegExp(`^[a-z0-9][a-z0-9-]{0,${maxLength - 1}}$`).test(value)) return undefined;
  return `${field} "${value}" cannot name containers and volumes; use at most ${maxLength} lowercase letters, digits and "-", starting with a letter or digit.`;
}

export function clusterIdError(clusterId: string): string | undefined {
  // A Kafka cluster id is a UUID in base64url without padding: 22 characters, which always decode to 16 bytes.
  if (/^[A-Za-z0-9_-]{22}$/.test(clusterId) && clusterId.startsWith("-")) {
    return `clusterId "${clusterId}" starts with "-", which Kafka's storage tool reads as an option; use an id that starts with a letter, digit or "_" (kafka-storage random-uuid never prints one with "-" first).`;
  }
  if (/^[A-Za-z0-9_-]{22}$/.test(clusterId)) return undefined;
  return `clusterId "${clusterId}" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.`;
}

export function clusterNameError(clusterName: string): string | undefined {
  // The UI puts the name in REST paths (/api/clusters/{name}), so keep it to characters that need no escaping.
  if (/^[A-Za-z0-9._-]+$/.test(clusterName)) return undefined;
  return `clusterName "${clusterName}" cannot be used in the UI's URLs; use only letters, digits, ".", "_" and "-".`;
}

export function hostBindIpError(hostBindIp: string): string | undefined {
  if (isIP(hostBindIp) !== 0) return undefined;
  return `hostBindIp "${hostBindIp}" is not an IP address; use 127.0.0.1 to stay on this machine or 0.0.0.0 to publish on every interface.`;
}

export function cleanupPolicyError(policy: string): string | undefined {
  if (CLEANUP_POLICIES.includes(policy)) return undefined;
  return `topicCleanupPolicy "${policy}" is not a Kafka cleanup policy; use delete, compact or compact,delete.`;
}

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const domain = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const tag = /^[\w][\w.-]{0,127}$/;
const digest = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Docker's reference grammar (distribution/reference): `[registry[:port]/]path[:tag][@digest]`. */
export function isImageReference(reference: string): boolean {
  const [nameAndTag, digestPart, ...extra] = reference.split("@");
  if (extra.length > 0 || (digestPart !== undefined && !digest.test(digestPart))) return false;
  const lastSlash = nameAndTag.lastIndexOf("/");
  const tagColon = nameAndTag.lastIndexOf(":");
  const hasTag = tagColon > lastSlash;
  const name = hasTag ? nameAndTag.slice(0, tagColon) : nameAndTag;
  if (hasTag && !tag.test(nameAndTag.slice(tagColon + 1))) return false;
  const parts = name.split("/");
  // The first part is a registry only if it looks like a host; otherwise it is a (lowercase) path component.
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost");
  if (hasRegistry && !domain.test(parts[0])) return false;
  const path = hasRegistry ? parts.slice(1) : parts;
  return name.length <= 255 && path.every((part) => pathComponent.test(part));
}

export function imageReferenceError(field: string, reference: string, example: string): string | undefined {
  if (isImageReference(reference)) return undefined;
  return `${field} "${reference}" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. ${example}.`;
}

/**
 * Replication rules Kafka enforces at runtime, checked up front: a topic cannot have more replicas than brokers, and
 * on Kafka 3.6 an acks=all write to a topic with fewer in-sync replicas than min.insync.replicas is rejected.
 */
export function replicationErrors(settings: {
  /** Cluster size; unknown to a single KafkaBroker, which then skips that comparison. */
  brokers?: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  /** Whether replicationFactor follows the broker count (it was not set), so that adding brokers raises it. */
  replicationFactorFromBrokers: boolean;
}): string[] {
  const { brokers, replicationFactor, minInsyncReplicas } = settings;
  const problems = found([
    wholeNumberError("replicationFactor", replicationFactor, 1),
    wholeNumberError("minInsyncReplicas", minInsyncReplicas, 1),
  ]);
  // Comparisons between values that are themselves out of range would only repeat the same complaint.
  if (problems.length > 0) return problems;
  if (brokers !== undefined && replicationFactor > brokers) {
    problems.push(
      `replicationFactor (${replicationFactor}) cannot exceed the number of brokers (${brokers}); lower replicationFactor or add brokers.`,
    );
  }
  if (minInsyncReplicas > replicationFactor) {
    const remedy = settings.replicationFactorFromBrokers ? "add brokers" : "raise replicationFactor";
    problems.push(
      `min.insync.replicas (${minInsyncReplicas}) cannot exceed the replication factor (${replicationFactor}); lower minInsyncReplicas or ${remedy}.`,
    );
  }
  return problems;
}

/** Kafka's topic name rules (`Topic.validate`), plus names listed twice or colliding in metric names. */
export function topicErrors(topics: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const topic of topics) {
    if (topic === "") problems.push(`Topic name "" is empty; remove it from topics.`);
    else if (topic === "." || topic === "..") problems.push(`Topic name "${topic}" is reserved by Kafka; choose another name.`);
    else if (topic.length > 249) {
      problems.push(`Topic name "${topic}" is ${topic.length} characters long; shorten it to at most 249.`);
    } else if (!/^[a-zA-Z0-9._-]+$/.test(topic)) {
      problems.push(`Topic name "${topic}" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".`);
    }
    // Kafka refuses a topic whose name equals another's once "." is read as "_" (their metric names would clash).
    const metricName = topic.replace(/\./g, "_");
    const earlier = seen.get(metricName);
    if (earlier === topic) problems.push(`Topic "${topic}" is listed more than once; remove the duplicate from topics.`);
    else if (earlier !== undefined) {
      problems.push(`Topics "${earlier}" and "${topic}" collide in Kafka's metric names ("." and "_" read alike); rename one of them.`);
    } else seen.set(metricName, topic);
  }
  return problems;
}

/**
 * Host ports: broker n publishes hostPort + n - 1, so the whole run must fit below 65536, and the UI must not take one
 * of them.
 */
export function portErrors(settings: { brokers: number; hostPort: number; uiPort: number; uiEnabled: boolean }): string[] {
  const { brokers, hostPort, uiPort } = settings;
  const problems = [wholeNumberError("hostPort", hostPort, 1, 65535)];
  const lastBrokerPort = hostPort + Math.max(brokers, 1) - 1;
  if (problems[0] === undefined && lastBrokerPort > 65535) {
    problems.push(`hostPort (${hostPort}) leaves no room for ${brokers} brokers, which use consecutive ports up to ${lastBrokerPort}; lower hostPort.`);
  }
  if (settings.uiEnabled) {
    problems.push(wholeNumberError("uiPort", uiPort, 1, 65535));
    if (uiPort >= hostPort && uiPort <= lastBrokerPort) {
      const others = brokers > 1 ? `outside ${hostPort}-${lastBrokerPort}` : `other than ${hostPort}`;
      problems.push(`uiPort (${uiPort}) is already the host port of broker ${uiPort - hostPort + 1}; choose a uiPort ${others}.`);
    }
  }
  return found(problems);
}

/** The topic-level rules, shared by KafkaStack and a standalone CdcTopics. */
export function topicSettingsErrors(settings: {
  topics: readonly string[];
  topicPartitions: number;
  topicRetentionMs: number;
  topicCleanupPolicy: string;
}): string[] {
  return found([
    ...topicErrors(settings.topics),
    wholeNumberError("topicPartitions", settings.topicPartitions, 1),
    retentionError("topicRetentionMs", settings.topicRetentionMs),
    cleanupPolicyError(settings.topicCleanupPolicy),
  ]);
}

/** The rules of one broker node, shared by KafkaStack and a standalone KafkaBroker. */
export function brokerSettingsErrors(settings: {
  kafkaImage: string;
  clusterId: string;
  hostBindIp: string;
  logRetentionHours: number;
  logRetentionBytes: number;
  brokerMemoryMb: number;
  groupInitialRebalanceDelayMs: number;
  brokerWaitTimeoutSeconds: number;
}): string[] {
  return found([
    imageReferenceError("kafkaImage", settings.kafkaImage, DEFAULT_KAFKA_IMAGE),
    clusterIdError(settings.clusterId),
    hostBindIpError(settings.hostBindIp),
    wholeNumberError("logRetentionHours", settings.logRetentionHours, 1),
    retentionError("logRetentionBytes", settings.logRetentionBytes),
    wholeNumberError("brokerMemoryMb", settings.brokerMemoryMb, MIN_BROKER_MEMORY_MB),
    wholeNumberError("groupInitialRebalanceDelayMs", settings.groupInitialRebalanceDelayMs, 0),
    wholeNumberError("brokerWaitTimeoutSeconds", settings.brokerWaitTimeoutSeconds, 1),
  ]);
}

/**
 * Every problem with a whole stack's settings, in the order of the settings. `nameField` is what the caller calls
 * the name (the stack config calls it namePrefix).
 */
export function validateKafkaSettings(name: string, args: KafkaSettingsArgs, nameField = "name"): string[] {
  const settings = resolveKafkaSettings(name, args);
  const brokerCount = wholeNumberError("brokers", settings.brokers, 1, MAX_BROKERS);
  return found([
    dockerNameError(nameField, name, MAX_NAME_LENGTH),
    brokerCount,
    ...brokerSettingsErrors(settings),
    ...(settings.uiEnabled ? [imageReferenceError("uiImage", settings.uiImage, DEFAULT_UI_IMAGE)] : []),
    clusterNameError(settings.clusterName),
    // Rules that compare with the broker count only make sense once the count itself is sane.
    ...(brokerCount === undefined
      ? [
          ...portErrors(settings),
          ...replicationErrors({ ...settings, replicationFactorFromBrokers: args.replicationFactor === undefined }),
        ]
      : []),
    ...topicSettingsErrors(settings),
  ]);
}
