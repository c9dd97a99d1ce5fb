// The Strimzi flavour's settings: the Docker flavour's Kafka settings that mean the same on Kubernetes, plus where and
// how the cluster runs there (namespace, Kafka version, storage, the external listener). Pure: types, defaults, the
// resolver and the rules, the rules reused from validation.ts wherever the Docker flavour already has one.
import { KafkaSettingsArgs, PASSWORD_SETTINGS, resolveKafkaSettings } from "../config";
import { tlsRotationError } from "./caGeneration";
import { passwordErrors, replicationErrors, retentionError, securityModeError, topicSettingsErrors, wholeNumberError } from "../validation";

/** The one Strimzi API this flavour renders: Strimzi 1.x serves only `v1` (v1beta2 was removed in 1.0.0). */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
/** The Strimzi release the resources are rendered for and checked against. */
export const STRIMZI_VERSION = "1.2.0";
/** The Kafka versions Strimzi 1.2.0 runs (its kafka-versions.yaml: supported 4.2.0, 4.2.1, 4.3.0, 4.3.1). */
export const STRIMZI_KAFKA_VERSIONS: readonly string[] = ["4.2.0", "4.2.1", "4.3.0", "4.3.1"];
/** Strimzi 1.2.0's own default Kafka version, the newest it supports. */
export const DEFAULT_STRIMZI_KAFKA_VERSION = "4.3.1";
/** How the brokers are reached from outside the Kubernetes cluster; `none` keeps them inside. */
export const EXTERNAL_LISTENER_TYPES = ["nodeport", "loadbalancer", "none"] as const;
/** One of {@link EXTERNAL_LISTENER_TYPES}. */
export type ExternalListenerType = (typeof EXTERNAL_LISTENER_TYPES)[number];
/**
 * Strimzi names each Kafka pod `<cluster>-<node pool>-<id>`, and the node pool here is `<cluster>-nodes`, so a pod's
 * name (also its host name, at most 63 characters) holds the cluster name twice.
 */
export const MAX_CLUSTER_NAME_LENGTH = 25;

/** The Docker flavour's settings that mean the same on Kubernetes (see {@link KafkaSettingsArgs} for each). */
export type SharedSettingName =
  | "brokers"
  | "autoCreateTopics"
  | "logRetentionHours"
  | "logRetentionBytes"
  | "topics"
  | "topicPartitions"
  | "topicRetentionMs"
  | "topicCleanupPolicy"
  | "replicationFactor"
  | "minInsyncReplicas"
  | "keepDataVolume"
  | "groupInitialRebalanceDelayMs"
  | "security"
  | "adminPassword"
  | "connectPassword"
  | "consumerPassword"
  | "uiPassword"
  | "tlsRotation";

/**
 * The settings of a Strimzi Kafka cluster. Plain values, not `pulumi.Input`s: each is validated, and several decide
 * how many resources exist, before any resource is registered. `brokers` is the number of Kafka nodes, each a combined
 * KRaft broker and controller (one node pool); `keepDataVolume` keeps the nodes' PersistentVolumeClaims when the
 * cluster is deleted (Strimzi's `deleteClaim: false`).
 */
export interface StrimziSettingsArgs extends Pick<KafkaSettingsArgs, SharedSettingName> {
  /** The namespace of every resource; the Strimzi cluster operator must watch it. */
  namespace: string;
  /** The Kafka resource's name, which prefixes every other resource's and Strimzi's services (`<clusterName>-kafka-bootstrap`). @default the component name */
  clusterName?: string;
  /** The Kafka version Strimzi runs, one of {@link STRIMZI_KAFKA_VERSIONS}. @default "4.3.1" */
  kafkaVersion?: string;
  /** Each node's PersistentVolumeClaim size (Kubernetes quantity). @default "10Gi" */
  storageSize?: string;
  /** The StorageClass of the nodes' claims. @default the cluster's default StorageClass */
  storageClass?: string;
  /** How clients outside Kubernetes reach the brokers: `nodeport`, `loadbalancer` or `none`. @default "nodeport" */
  externalListener?: ExternalListenerType;
  /**
   * Whether `pulumi up` waits until Strimzi reports the Kafka resource Ready (and, with an external listener, has
   * published its address), so `hostBootstrapServers` is the address Strimzi published and a stack reading the outputs
   * gets a cluster that answers. The price: an up that creates or changes the cluster takes as long as Strimzi's rollout
   * (minutes on a real cluster), and fails after `readyTimeoutSeconds` when no operator reconciles the namespace. Off:
   * up returns once the objects are registered, and `hostBootstrapServers` is absent. @default true
   */
  awaitReady?: boolean;
  /** How long `up` waits for Ready before it fails (with `awaitReady`). @default 600 (the provider's own default) */
  readyTimeoutSeconds?: number;
}

/** Every setting resolved to its value, except the optional ones. */
export type StrimziSettings = Required<Omit<StrimziSettingsArgs, "storageClass" | (typeof PASSWORD_SETTINGS)[number]>> &
  Pick<StrimziSettingsArgs, "storageClass" | (typeof PASSWORD_SETTINGS)[number]>;

/** The defaults of the Strimzi-only settings. */
export const STRIMZI_DEFAULTS = {
  /** {@link DEFAULT_STRIMZI_KAFKA_VERSION}. */
  kafkaVersion: DEFAULT_STRIMZI_KAFKA_VERSION,
  /** Enough for the CDC topics of a development cluster; grow it with the retention. */
  storageSize: "10Gi",
  /** Reachable from outside on every cluster (a LoadBalancer needs a cloud or MetalLB). */
  externalListener: "nodeport" as ExternalListenerType,
  /** A downstream stack needs a cluster that answers, at the address Strimzi published. */
  awaitReady: true,
  /** The Kubernetes provider's own default wait: enough for Strimzi to start three nodes from pulled images. */
  readyTimeoutSeconds: 600,
};

/** The given settings over the defaults, the shared ones resolved exactly as the Docker flavour resolves them. */
export function resolveStrimziSettings(name: string, args: StrimziSettingsArgs): StrimziSettings {
  const { namespace, clusterName, kafkaVersion, storageSize, storageClass, externalListener, awaitReady, readyTimeoutSeconds, ...shared } = args;
  const docker = resolveKafkaSettings(name, shared);
  return {
    brokers: docker.brokers,
    autoCreateTopics: docker.autoCreateTopics,
    logRetentionHours: docker.logRetentionHours,
    logRetentionBytes: docker.logRetentionBytes,
    topics: docker.topics,
    topicPartitions: docker.topicPartitions,
    topicRetentionMs: docker.topicRetentionMs,
    topicCleanupPolicy: docker.topicCleanupPolicy,
    replicationFactor: docker.replicationFactor,
    minInsyncReplicas: docker.minInsyncReplicas,
    keepDataVolume: docker.keepDataVolume,
    groupInitialRebalanceDelayMs: docker.groupInitialRebalanceDelayMs,
    security: docker.security,
    tlsRotation: docker.tlsRotation,
    ...Object.fromEntries(PASSWORD_SETTINGS.filter((field) => docker[field] !== undefined).map((field) => [field, docker[field]])),
    namespace,
    clusterName: clusterName ?? name,
    kafkaVersion: kafkaVersion ?? STRIMZI_DEFAULTS.kafkaVersion,
    storageSize: storageSize ?? STRIMZI_DEFAULTS.storageSize,
    ...(storageClass === undefined ? {} : { storageClass }),
    externalListener: externalListener ?? STRIMZI_DEFAULTS.externalListener,
    awaitReady: awaitReady ?? STRIMZI_DEFAULTS.awaitReady,
    readyTimeoutSeconds: readyTimeoutSeconds ?? STRIMZI_DEFAULTS.readyTimeoutSeconds,
  };
}

/** A Kubernetes name of one DNS label (RFC 1035 for `label1035`, which Services need: a letter first). */
export function kubernetesNameError(field: string, value: string, maxLength: number, label1035 = false): string | undefined {
  const first = label1035 ? "a-z" : "a-z0-9";
  if (value.length <= maxLength && new RegExp(`^[${first}]([-a-z0-9]*[a-z0-9])?$`).test(value)) return undefined;
  const start = label1035 ? "a letter" : "a letter or digit";
  return `${field} "${value}" cannot name Kubernetes resources; use at most ${maxLength} lowercase letters, digits and "-", starting with ${start} and ending with a letter or digit.`;
}

/** One of {@link STRIMZI_KAFKA_VERSIONS}. */
export function kafkaVersionError(kafkaVersion: string): string | undefined {
  if (STRIMZI_KAFKA_VERSIONS.includes(kafkaVersion)) return undefined;
  return `kafkaVersion "${kafkaVersion}" is not a Kafka version Strimzi ${STRIMZI_VERSION} runs; use one of ${STRIMZI_KAFKA_VERSIONS.join(", ")}.`;
}

/** A Kubernetes quantity of bytes, e.g. 10Gi or 500M. */
export function storageSizeError(storageSize: string): string | undefined {
  if (/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(storageSize)) return undefined;
  return `storageSize "${storageSize}" is not a Kubernetes quantity; use a number with a unit, e.g. 10Gi or 500Mi.`;
}

/** One of {@link EXTERNAL_LISTENER_TYPES}. */
export function externalListenerError(externalListener: string): string | undefined {
  if ((EXTERNAL_LISTENER_TYPES as readonly string[]).includes(externalListener)) return undefined;
  return `externalListener "${externalListener}" is not a listener type; use ${EXTERNAL_LISTENER_TYPES.map((type) => `"${type}"`).join(", ")}.`;
}

/** Every problem with a Strimzi cluster's settings, each one sentence, in the order of the settings. */
export function validateStrimziSettings(name: string, args: StrimziSettingsArgs): string[] {
  const settings = resolveStrimziSettings(name, args);
  const brokerCount = wholeNumberError("brokers", settings.brokers, 1);
  const problems = [
    kubernetesNameError("namespace", settings.namespace ?? "", 63),
    kubernetesNameError(args.clusterName === undefined ? "name" : "clusterName", settings.clusterName, MAX_CLUSTER_NAME_LENGTH, true),
    brokerCount,
    kafkaVersionError(settings.kafkaVersion),
    wholeNumberError("logRetentionHours", settings.logRetentionHours, 1),
    retentionError("logRetentionBytes", settings.logRetentionBytes),
    wholeNumberError("groupInitialRebalanceDelayMs", settings.groupInitialRebalanceDelayMs, 0),
    // Compared with the broker count only once the count itself is sane, as the Docker flavour does.
    ...(brokerCount === undefined ? replicationErrors({ ...settings, replicationFactorFromBrokers: args.replicationFactor === undefined }) : []),
    ...topicSettingsErrors(settings),
    storageSizeError(settings.storageSize),
    externalListenerError(settings.externalListener),
    wholeNumberError("readyTimeoutSeconds", settings.readyTimeoutSeconds, 1),
    securityModeError(settings.security),
    // It numbers the CA, and only a secured cluster has one: on plaintext it means nothing, so it is not refused there.
    settings.security === "sasl_ssl" ? tlsRotationError(settings.tlsRotation) : undefined,
    ...passwordErrors(settings),
  ];
  return problems.filter((problem): problem is string => problem !== undefined);
}
