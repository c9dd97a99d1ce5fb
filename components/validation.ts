// The rules every setting is checked by, before any resource is registered: each returns one sentence that says
// what to change, or undefined when it holds, and KafkaConfigError reports all of them at once.
import * as pulumi from "@pulumi/pulumi";
import { isIP } from "net";
import {
  CLEANUP_POLICIES,
  DEFAULT_KAFKA_IMAGE,
  DEFAULT_PROMETHEUS_IMAGE,
  DEFAULT_UI_IMAGE,
  isAnyAddress,
  isLoopbackAddress,
  KafkaSettingsArgs,
  MAX_BROKERS,
  MAX_NAME_LENGTH,
  MIN_BROKER_MEMORY_MB,
  PASSWORD_SETTINGS,
  PasswordSetting,
  resolveKafkaSettings,
  SECURITY_MODES,
} from "./config";
import { imageRepository, isImageReference } from "./imageReference";

/** A validation failure: one full sentence per problem, each saying what to change. */
export class KafkaConfigError extends pulumi.RunError {
  /** @param errors The problems, one sentence each. */
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

/** A cluster id Kafka's storage tool takes: 22 base64url characters, not starting with "-". */
export function clusterIdError(clusterId: string): string | undefined {
  // A Kafka cluster id is a UUID in base64url without padding: 22 characters, which always decode to 16 bytes.
  if (/^[A-Za-z0-9_-]{22}$/.test(clusterId) && clusterId.startsWith("-")) {
    return `clusterId "${clusterId}" starts with "-", which Kafka's storage tool reads as an option; use an id that starts with a letter, digit or "_" (kafka-storage random-uuid never prints one with "-" first).`;
  }
  if (/^[A-Za-z0-9_-]{22}$/.test(clusterId)) return undefined;
  return `clusterId "${clusterId}" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.`;
}

/** A cluster name the UI can put in its REST paths. */
export function clusterNameError(clusterName: string): string | undefined {
  // The UI puts the name in REST paths (/api/clusters/{name}), so keep it to characters that need no escaping.
  if (/^[A-Za-z0-9._-]+$/.test(clusterName)) return undefined;
  return `clusterName "${clusterName}" cannot be used in the UI's URLs; use only letters, digits, ".", "_" and "-".`;
}

/** A host address to publish ports on: an IP address. */
export function hostBindIpError(hostBindIp: string): string | undefined {
  if (isIP(hostBindIp) !== 0) return undefined;
  return `hostBindIp "${hostBindIp}" is not an IP address; use 127.0.0.1 to stay on this machine or 0.0.0.0 to publish on every interface.`;
}

/** A host name (RFC 1123 labels) or an IP address: what a broker may advertise to clients. */
export function advertisedHostError(advertisedHost: string | undefined, hostBindIp: string): string | undefined {
  if (advertisedHost === undefined) {
    return isAnyAddress(hostBindIp)
      ? `hostBindIp ${hostBindIp} publishes the brokers on every address of this machine, and clients must be told which one reaches it; set advertisedHost to this machine's DNS name or an address clients use.`
      : undefined;
  }
  const label = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  if (isIP(advertisedHost) !== 0 || (advertisedHost.length <= 253 && new RegExp(`^${label}(\\.${label})*$`).test(advertisedHost))) return undefined;
  return `advertisedHost "${advertisedHost}" is neither a host name nor an IP address; use the name or address clients reach this machine by, e.g. kafka.example.internal or 192.168.1.10.`;
}

/** One of {@link SECURITY_MODES}. */
export function securityModeError(security: string): string | undefined {
  if ((SECURITY_MODES as readonly string[]).includes(security)) return undefined;
  return `security "${security}" is not a security mode; use ${SECURITY_MODES.map((mode) => `"${mode}"`).join(" or ")}.`;
}

/** Shorter passwords are within reach of an offline guess against a leaked SCRAM hash. */
export const MIN_PASSWORD_LENGTH = 16;
/** What fits inside a JAAS string and kafka-storage's `[name=…,password=…]` without escaping. */
const PASSWORD_PATTERN = /^[A-Za-z0-9!#%*+\-./:;<>?@^_~]+$/;

/** A given password: long enough, of characters every consumer of it takes verbatim, and only where it is used. */
export function passwordErrors(settings: { security: string } & Partial<Record<PasswordSetting, string>>): string[] {
  return found(
    PASSWORD_SETTINGS.map((field) => {
      const password = settings[field];
      if (password === undefined) return undefined;
      if (settings.security !== "sasl_ssl") {
        return `${field} is used only when security is "sasl_ssl"; set security to "sasl_ssl" or remove ${field}.`;
      }
      if (password.length < MIN_PASSWORD_LENGTH || password.length > 128) {
        return `${field} is too weak (${password.length} characters); use ${MIN_PASSWORD_LENGTH} to 128 characters, or remove it to have one generated.`;
      }
      if (!PASSWORD_PATTERN.test(password)) {
        return `${field} has characters a JAAS or SCRAM setting cannot carry (quotes, backslashes, commas, brackets, "=", "$", "&" or spaces); use letters, digits and !#%*+-./:;<>?@^_~, or remove it to have one generated.`;
      }
      return undefined;
    }),
  );
}

/**
 * Broker images with cp-kafka's environment contract that cannot write a SCRAM credential into the metadata when they
 * format storage (this project's image does, from FORMAT_SCRAM_CREDENTIALS_FILE): Confluent's own.
 */
export const IMAGES_WITHOUT_SCRAM_BOOTSTRAP: readonly string[] = ["confluentinc/cp-kafka", "confluentinc/cp-server"];

/**
 * A secured cluster's first principal exists only if the broker image writes it when it formats storage; with an image
 * that cannot, the brokers would start and then refuse every login, Pulumi's included.
 */
export function scramBootstrapImageError(security: string, kafkaImage: string): string | undefined {
  if (security !== "sasl_ssl" || !isImageReference(kafkaImage) || !IMAGES_WITHOUT_SCRAM_BOOTSTRAP.includes(imageRepository(kafkaImage))) return undefined;
  return `security "sasl_ssl" needs a broker image that writes the admin's SCRAM credential when it formats storage, and kafkaImage "${kafkaImage}" cannot, so no client could ever log in; set kafkaImage to an image that does (this project's Kafka image, from FORMAT_SCRAM_CREDENTIALS_FILE) or set security to "plaintext".`;
}

/**
 * keepDataVolume keeps the admin's SCRAM credential (written when storage was formatted) past a destroy, while a
 * generated admin password is generated anew by the next up: that up would meet the old credential and be refused.
 */
export function keptAdminCredentialError(settings: { security: string; keepDataVolume: boolean; adminPassword?: string }): string | undefined {
  if (settings.security !== "sasl_ssl" || !settings.keepDataVolume || settings.adminPassword !== undefined) return undefined;
  return "keepDataVolume keeps the admin's SCRAM credential in the brokers' data past a destroy, but a generated adminPassword is generated anew by the next up and would be refused; set adminPassword explicitly (as a secret) or set keepDataVolume to false.";
}

/**
 * The UI reads every topic its principal may read; published beyond loopback it needs its own login. `loginField` is
 * what the caller calls the login (uiLogin on a stack, login on KafkaUi).
 */
export function uiExposureError(hostBindIp: string, hasLogin: boolean, loginField = "uiLogin"): string | undefined {
  if (hasLogin || isIP(hostBindIp) === 0 || isLoopbackAddress(hostBindIp)) return undefined;
  const give = loginField === "uiLogin" ? "set uiLogin to true" : `give ${loginField}`;
  return `The UI would be published on ${hostBindIp}, beyond this machine, without a login, so anyone reaching its port could read every topic; ${give}, or set hostBindIp to 127.0.0.1.`;
}

/** The UI login's settings: a password only with the login, long enough, and a user name a form field carries as typed. */
export function uiLoginErrors(settings: { uiLogin: boolean; uiLoginUsername: string; uiLoginPassword?: string }): string[] {
  const { uiLogin, uiLoginUsername, uiLoginPassword } = settings;
  if (!uiLogin) {
    return uiLoginPassword === undefined ? [] : ["uiLoginPassword is used only with the UI's login; set uiLogin to true or remove uiLoginPassword."];
  }
  return found([
    /^[A-Za-z0-9._@-]{1,64}$/.test(uiLoginUsername)
      ? undefined
      : `uiLoginUsername "${uiLoginUsername}" cannot name the UI's login; use 1 to 64 letters, digits, ".", "_", "@" and "-".`,
    uiLoginPassword !== undefined && (uiLoginPassword.length < MIN_PASSWORD_LENGTH || uiLoginPassword.length > 128 || /[\s\u0000-\u001f\u007f]/.test(uiLoginPassword))
      ? `uiLoginPassword is too weak or unusable (${uiLoginPassword.length} characters); use ${MIN_PASSWORD_LENGTH} to 128 characters without spaces or control characters, or remove it to have one generated.`
      : undefined,
  ]);
}

/** One of {@link CLEANUP_POLICIES}. */
export function cleanupPolicyError(policy: string): string | undefined {
  if (CLEANUP_POLICIES.includes(policy)) return undefined;
  return `topicCleanupPolicy "${policy}" is not a Kafka cleanup policy; use delete, compact or compact,delete.`;
}

/** An image reference Docker accepts; `example` is named in the sentence. */
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
 * Host ports: broker n publishes hostPort + n - 1 (and metricsHostPort + n - 1 when that is set), so each run must fit
 * below 65536, and no two of the runs, the UI's port and the metrics server's port may share a port.
 */
export function portErrors(settings: {
  brokers: number;
  hostPort: number;
  uiPort: number;
  uiEnabled: boolean;
  metricsEnabled?: boolean;
  metricsHostPort?: number;
  metricsServerEnabled?: boolean;
  metricsServerPort?: number;
}): string[] {
  const { brokers, hostPort, uiPort, metricsHostPort } = settings;
  const count = Math.max(brokers, 1);
  const problems = [wholeNumberError("hostPort", hostPort, 1, 65535)];
  const lastBrokerPort = hostPort + count - 1;
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
  if (metricsHostPort !== undefined) problems.push(...metricsPortErrors({ ...settings, metricsHostPort, lastBrokerPort }));
  if (settings.metricsServerEnabled && settings.metricsServerPort !== undefined) {
    problems.push(metricsServerPortError({ ...settings, metricsServerPort: settings.metricsServerPort, lastBrokerPort }));
  }
  return found(problems);
}

/** The host ports the brokers and the UI publish, which a metrics port must stay clear of. */
interface PublishedPorts {
  brokers: number;
  hostPort: number;
  lastBrokerPort: number;
  uiPort: number;
  uiEnabled: boolean;
  metricsEnabled?: boolean;
}

/** metricsServerPort: the Prometheus server's one host port, clear of every port the brokers and the UI publish. */
function metricsServerPortError(settings: PublishedPorts & { metricsHostPort?: number; metricsServerPort: number }): string | undefined {
  const { brokers, hostPort, lastBrokerPort, uiPort, metricsHostPort, metricsServerPort: port } = settings;
  const range = wholeNumberError("metricsServerPort", port, 1, 65535);
  if (range !== undefined) return range;
  if (port >= hostPort && port <= lastBrokerPort) {
    const others = brokers > 1 ? `outside ${hostPort}-${lastBrokerPort}` : `other than ${hostPort}`;
    return `metricsServerPort (${port}) is already the host port of broker ${port - hostPort + 1}; choose a metricsServerPort ${others}.`;
  }
  if (settings.uiEnabled && port === uiPort) return `metricsServerPort (${port}) is already uiPort; choose a metricsServerPort other than ${uiPort}.`;
  const lastMetricsPort = metricsHostPort === undefined ? undefined : metricsHostPort + Math.max(brokers, 1) - 1;
  if (settings.metricsEnabled && metricsHostPort !== undefined && lastMetricsPort !== undefined && port >= metricsHostPort && port <= lastMetricsPort) {
    const others = brokers > 1 ? `outside ${metricsHostPort}-${lastMetricsPort}` : `other than ${metricsHostPort}`;
    return `metricsServerPort (${port}) is already the metrics port of broker ${port - metricsHostPort + 1}; choose a metricsServerPort ${others}.`;
  }
  return undefined;
}

/** The metrics server scrapes the brokers' exporters, so it needs them, and an image of its own. */
export function metricsServerErrors(settings: { metricsEnabled: boolean; metricsServerEnabled: boolean; prometheusImage: string }): string[] {
  if (!settings.metricsServerEnabled) return [];
  return found([
    settings.metricsEnabled
      ? undefined
      : "metricsServerEnabled needs the brokers' metrics, which are off; set metricsEnabled to true or metricsServerEnabled to false.",
    imageReferenceError("prometheusImage", settings.prometheusImage, DEFAULT_PROMETHEUS_IMAGE),
  ]);
}

/** metricsHostPort: broker n's metrics endpoint on metricsHostPort + n - 1, clear of the broker and UI ports. */
function metricsPortErrors(settings: PublishedPorts & { metricsHostPort: number }): (string | undefined)[] {
  const { brokers, hostPort, lastBrokerPort, uiPort, metricsHostPort } = settings;
  if (!settings.metricsEnabled) {
    return [`metricsHostPort (${metricsHostPort}) publishes the brokers' metrics, which are off; set metricsEnabled to true or remove metricsHostPort.`];
  }
  const range = wholeNumberError("metricsHostPort", metricsHostPort, 1, 65535);
  if (range !== undefined) return [range];
  const lastMetricsPort = metricsHostPort + Math.max(brokers, 1) - 1;
  const ports = (first: number, last: number) => (first === last ? `${first}` : `${first}-${last}`);
  if (lastMetricsPort > 65535) {
    return [`metricsHostPort (${metricsHostPort}) leaves no room for ${brokers} brokers, which use consecutive ports up to ${lastMetricsPort}; lower metricsHostPort.`];
  }
  const problems: string[] = [];
  if (metricsHostPort <= lastBrokerPort && hostPort <= lastMetricsPort) {
    problems.push(
      `metricsHostPort (${ports(metricsHostPort, lastMetricsPort)}) collides with the brokers' host ports (${ports(hostPort, lastBrokerPort)}); choose a metricsHostPort whose ${brokers > 1 ? `${brokers} consecutive ports avoid` : "port avoids"} them.`,
    );
  }
  if (settings.uiEnabled && uiPort >= metricsHostPort && uiPort <= lastMetricsPort) {
    problems.push(
      `metricsHostPort (${ports(metricsHostPort, lastMetricsPort)}) collides with uiPort (${uiPort}); choose a metricsHostPort whose ${brokers > 1 ? `${brokers} consecutive ports avoid` : "port avoids"} it.`,
    );
  }
  return problems;
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
    ...metricsServerErrors(settings),
    clusterNameError(settings.clusterName),
    // Rules that compare with the broker count only make sense once the count itself is sane.
    ...(brokerCount === undefined
      ? [
          ...portErrors(settings),
          ...replicationErrors({ ...settings, replicationFactorFromBrokers: args.replicationFactor === undefined }),
        ]
      : []),
    ...topicSettingsErrors(settings),
    securityModeError(settings.security),
    scramBootstrapImageError(settings.security, settings.kafkaImage),
    advertisedHostError(settings.advertisedHost, settings.hostBindIp),
    ...passwordErrors(settings),
    ...(settings.uiEnabled ? [...uiLoginErrors(settings), uiExposureError(settings.hostBindIp, settings.uiLogin)] : []),
    keptAdminCredentialError(settings),
  ]);
}

/** The UI's Connect view needs both its name and its address. */
export function kafkaConnectArgsError(kafkaConnectName: string | undefined, kafkaConnectAddress: unknown): string | undefined {
  return (kafkaConnectName === undefined) !== (kafkaConnectAddress === undefined)
    ? "kafkaConnectName and kafkaConnectAddress go together; set both to show a Kafka Connect cluster in the UI, or neither."
    : undefined;
}
