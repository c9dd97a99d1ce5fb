// The stack program's config: the `cdc-kafka:` namespace of Pulumi.<stack>.yaml read into the library's settings, with
// one sentence per unknown key (and the key it likely meant) or unreadable value. The stack's concern, not the
// library's: a downstream project passes the settings to KafkaStack as arguments.
import { KafkaSettingsArgs } from "./components";

export const CONFIG_NAMESPACE = "cdc-kafka";

/** The stack config namespace `cdc-kafka:` holds the settings plus the prefix of every resource name. */
export interface StackConfig extends KafkaSettingsArgs {
  /** Prefix of resource and Docker object names. @default "cdc-kafka-<stack>" */
  namePrefix?: string;
}

type ConfigKind = "whole number" | "boolean" | "string" | "list";

/** The keys of the `cdc-kafka:` config namespace and how each is read. */
export const STACK_CONFIG_KEYS: Readonly<Record<keyof StackConfig, ConfigKind>> = {
  namePrefix: "string",
  brokers: "whole number",
  kafkaImage: "string",
  uiImage: "string",
  uiEnabled: "boolean",
  clusterId: "string",
  clusterName: "string",
  hostPort: "whole number",
  hostBindIp: "string",
  uiPort: "whole number",
  autoCreateTopics: "boolean",
  logRetentionHours: "whole number",
  logRetentionBytes: "whole number",
  topics: "list",
  topicPartitions: "whole number",
  topicRetentionMs: "whole number",
  topicCleanupPolicy: "string",
  replicationFactor: "whole number",
  minInsyncReplicas: "whole number",
  keepDataVolume: "boolean",
  brokerMemoryMb: "whole number",
  groupInitialRebalanceDelayMs: "whole number",
  brokerWaitTimeoutSeconds: "whole number",
  metricsEnabled: "boolean",
  metricsHostPort: "whole number",
  metricsServerEnabled: "boolean",
  metricsServerPort: "whole number",
  prometheusImage: "string",
  security: "string",
  advertisedHost: "string",
  adminPassword: "string",
  connectPassword: "string",
  consumerPassword: "string",
  uiPassword: "string",
  uiLogin: "boolean",
  uiLoginUsername: "string",
  uiLoginPassword: "string",
  tlsRotation: "string",
};

const expectedForm: Record<ConfigKind, string> = {
  "whole number": "a whole number",
  boolean: "true or false",
  string: "a string",
  list: "a YAML list of topic names",
};

function parseValue(kind: ConfigKind, raw: string): unknown {
  if (kind === "whole number") return /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  if (kind === "boolean") return raw === "true" ? true : raw === "false" ? false : undefined;
  if (kind === "string") return raw;
  try {
    // Structured config (a YAML list) reaches the program as JSON text.
    const list: unknown = JSON.parse(raw);
    return Array.isArray(list) && list.every((item) => typeof item === "string") ? list : undefined;
  } catch {
    return undefined;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unknownKeyError(namespace: string, key: string): string {
  const near = Object.keys(STACK_CONFIG_KEYS).find((known) => editDistance(known.toLowerCase(), key.toLowerCase()) <= 2);
  const remedy = near ? `rename it to ${namespace}:${near}` : "remove it (every setting is listed in Pulumi.dev.yaml)";
  return `${namespace}:${key} is not a setting of this stack; ${remedy}.`;
}

/**
 * Reads the raw strings of the stack config namespace (keys without the `cdc-kafka:` prefix) into typed settings,
 * with one error per unknown key or unreadable value.
 */
export function parseStackConfig(raw: Record<string, string>, namespace = CONFIG_NAMESPACE): { config: StackConfig; errors: string[] } {
  const config: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const kind = STACK_CONFIG_KEYS[key as keyof StackConfig] as ConfigKind | undefined;
    if (kind === undefined) {
      errors.push(unknownKeyError(namespace, key));
      continue;
    }
    const parsed = parseValue(kind, value);
    if (parsed === undefined) errors.push(`${namespace}:${key} is "${value}"; set it to ${expectedForm[kind]}.`);
    else config[key] = parsed;
  }
  return { config: config as StackConfig, errors };
}
