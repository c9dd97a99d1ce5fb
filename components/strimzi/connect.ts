// The pipeline on Strimzi: a KafkaConnect cluster whose image Strimzi builds with the Debezium Postgres plugin (the
// plugin's Maven Central tarball, checked by its SHA-512), connecting as the connect principal, with the worker's
// delivery settings (connectDelivery.ts); and the Debezium connector as a KafkaConnector with the config the Docker
// pipeline's connector has (debeziumConnectorConfig). The database password reaches the worker as a file from a
// Secret, which the connector names through Kafka's DirectoryConfigProvider, as on Docker: neither the connector's
// resource nor Connect's configs topic holds it. Pure.
import { CONNECT_RESOURCE_PREFIX } from "../accessControl";
import { debeziumProducerConfig } from "../clientConfig";
import { connectWorkerDeliveryConfig, DEFAULT_PIPELINE_DELIVERY, PipelineDelivery, pipelineDeliveryProblem } from "../connectDelivery";
import { imageReferenceError, wholeNumberError } from "../validation";
import { debeziumConnectorConfig } from "../debeziumConnectorConfig";
import { internalBootstrapAddress } from "./listeners";
import { clusterCaCertificateSecretName, CLUSTER_LABEL, strimziResource, StrimziResource } from "./resource";
import { kubernetesNameError, StrimziSettings } from "./settings";
import { CA_CERTIFICATE_KEY } from "./clusterCa";
import { kafkaUserName, PASSWORD_KEY, passwordSecretName } from "./users";

/** The Debezium release whose Postgres plugin the Connect image is built with (restart fixes only in 3.7.0). */
export const DEBEZIUM_VERSION = "3.7.0.Final";
/** Where Strimzi downloads the plugin from. */
export const MAVEN_CENTRAL = "https://repo1.maven.org/maven2";
/**
 * SHA-512 of `io.debezium:debezium-connector-postgres:3.7.0.Final:tar.gz:plugin` as Maven Central served it
 * (2026-12-06): Strimzi's build refuses a download that does not match.
 */
export const DEBEZIUM_PLUGIN_SHA512 =
  "dc5334e087c7405f5b423e77373c60a89a3d7538ad38016f3959c431ad7078361ab95300a7e926c50621e7aa8375b7f4f3c5ecec4fe04ac484804d325009b6c0";
/** Where the database password's Secret is mounted in the worker (Strimzi allows mounts under /mnt/ only). */
export const DATABASE_SECRET_DIR = "/mnt/database";
/** The key (and so the file name) of the database password in its Secret. */
export const DATABASE_PASSWORD_KEY = "password";
/** What the connector's `database.password` says: the worker reads the mounted file when it starts the task. */
export const DATABASE_PASSWORD_REFERENCE = `\${directory:${DATABASE_SECRET_DIR}:${DATABASE_PASSWORD_KEY}}`;

/** The pipeline's settings on Strimzi. Plain values, validated before anything is registered. */
export interface StrimziConnectSettings {
  /** The KafkaConnect resource's name (Strimzi's Deployment and Service are named after it). */
  connectName: string;
  /** The image Strimzi builds (the Kafka image plus the plugin) and pushes, e.g. `registry.example.com/cdc/connect:1`. */
  outputImage: string;
  /** A `kubernetes.io/dockerconfigjson` Secret Strimzi pushes outputImage with; none for a registry that needs no login. */
  pushSecret?: string;
  /** Connect workers. */
  replicas: number;
  /** exactly-once or at-least-once (connectDelivery.ts). */
  delivery: PipelineDelivery;
  /** The database's host as the workers reach it, e.g. a Service `postgres.db.svc`. */
  databaseHost: string;
  /** The database's name. */
  databaseName: string;
  /** The replication user. */
  databaseUser: string;
  /** The replication slot Debezium reads from (one per connector). */
  slotName: string;
}

/** What a program gives: the settings, the optional ones possibly absent. */
export type StrimziConnectSettingsArgs = Omit<StrimziConnectSettings, "replicas" | "delivery" | "slotName" | "connectName"> &
  Partial<Pick<StrimziConnectSettings, "replicas" | "delivery" | "slotName" | "connectName">>;

/** Postgres's rule for a replication slot's name. */
const SLOT_NAME = /^[a-z0-9_]{1,63}$/;
/** A KafkaConnect's name prefixes its pods (`<name>-connect-<hash>`) and its build's, so it is kept short. */
export const MAX_CONNECT_NAME_LENGTH = 40;

/** The given settings over the defaults: one worker, exactly once, slot `debezium_<name with "_" for "-">`. */
export function resolveStrimziConnectSettings(name: string, args: StrimziConnectSettingsArgs): StrimziConnectSettings {
  const connectName = args.connectName ?? name;
  return {
    ...args,
    connectName,
    replicas: args.replicas ?? 1,
    delivery: args.delivery ?? DEFAULT_PIPELINE_DELIVERY,
    slotName: args.slotName ?? `debezium_${connectName.replace(/-/g, "_")}`,
  };
}

/** Every problem with the pipeline's settings, each one sentence. */
export function validateStrimziConnectSettings(name: string, args: StrimziConnectSettingsArgs): string[] {
  const settings = resolveStrimziConnectSettings(name, args);
  const required = (field: string, value: string | undefined) =>
    value === undefined || value.trim() === "" ? `${field} is required; set it to the database's ${field.replace("database", "").toLowerCase()}.` : undefined;
  return [
    kubernetesNameError(args.connectName === undefined ? "name" : "connectName", settings.connectName, MAX_CONNECT_NAME_LENGTH, true),
    imageReferenceError("outputImage", settings.outputImage ?? "", "registry.example.com/cdc/connect:1"),
    settings.pushSecret === undefined ? undefined : kubernetesNameError("pushSecret", settings.pushSecret, 253),
    wholeNumberError("replicas", settings.replicas, 1),
    pipelineDeliveryProblem(settings.delivery),
    required("databaseHost", settings.databaseHost),
    required("databaseName", settings.databaseName),
    required("databaseUser", settings.databaseUser),
    SLOT_NAME.test(settings.slotName)
      ? undefined
      : `slotName "${settings.slotName}" is not a Postgres replication slot name; use 1 to 63 lowercase letters, digits and "_".`,
  ].filter((problem): problem is string => problem !== undefined);
}

/** The Connect cluster's group id: `connect-<name>`, under the prefix the connect principal's ACLs grant. */
export function connectGroupId(connectName: string): string {
  return `${CONNECT_RESOURCE_PREFIX}${connectName}`;
}

/** The Secret with the database password that the workers mount. */
export function databasePasswordSecretName(connectName: string): string {
  return `${connectName}-database-password`;
}

/** The plugin tarball's URL on Maven Central. */
export function debeziumPluginUrl(version: string = DEBEZIUM_VERSION): string {
  const artifact = "debezium-connector-postgres";
  return `${MAVEN_CENTRAL}/io/debezium/${artifact}/${version}/${artifact}-${version}-plugin.tar.gz`;
}

/**
 * The worker's settings besides Strimzi's own (addresses, group, topics, security). Why each is not Connect's default:
 * the internal topics get the cluster's replication factor; the connector may carry the library's producer settings
 * (override policy All); a worker that rejoins after a broker outage gets its tasks back within 5 s, not Connect's
 * 5 minutes (the Docker pipeline's worker has the same two); the directory config provider reads the mounted
 * database password; the delivery mode's settings come on top.
 */
export function connectWorkerConfig(replicationFactor: number, delivery: PipelineDelivery): Record<string, string> {
  return {
    "config.storage.replication.factor": String(replicationFactor),
    "offset.storage.replication.factor": String(replicationFactor),
    "status.storage.replication.factor": String(replicationFactor),
    "connector.client.config.override.policy": "All",
    "scheduled.rebalance.max.delay.ms": "5000",
    "config.providers": "directory",
    "config.providers.directory.class": "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
    ...connectWorkerDeliveryConfig(delivery),
  };
}

/** The KafkaConnect resource; `strimzi.io/use-connector-resources` makes Strimzi run KafkaConnector resources on it. */
export function renderKafkaConnect(kafka: StrimziSettings, connect: StrimziConnectSettings): StrimziResource {
  const groupId = connectGroupId(connect.connectName);
  const secured = kafka.security === "sasl_ssl";
  const volume = "database-password";
  return strimziResource(
    "KafkaConnect",
    { name: connect.connectName, namespace: kafka.namespace, annotations: { "strimzi.io/use-connector-resources": "true" } },
    {
      version: kafka.kafkaVersion,
      replicas: connect.replicas,
      bootstrapServers: internalBootstrapAddress(kafka.clusterName, kafka.namespace, kafka.security),
      groupId,
      configStorageTopic: `${groupId}.configs`,
      offsetStorageTopic: `${groupId}.offsets`,
      statusStorageTopic: `${groupId}.status`,
      ...(secured
        ? {
            tls: { trustedCertificates: [{ secretName: clusterCaCertificateSecretName(kafka.clusterName), certificate: CA_CERTIFICATE_KEY }] },
            authentication: {
              type: "scram-sha-512",
              username: kafkaUserName(kafka.clusterName, "connect"),
              passwordSecret: { secretName: passwordSecretName(kafka.clusterName, "connect"), password: PASSWORD_KEY },
            },
          }
        : {}),
      config: connectWorkerConfig(kafka.replicationFactor, connect.delivery),
      build: {
        output: { type: "docker", image: connect.outputImage, ...(connect.pushSecret === undefined ? {} : { pushSecret: connect.pushSecret }) },
        plugins: [{ name: "debezium-postgres-connector", artifacts: [{ type: "tgz", url: debeziumPluginUrl(), sha512sum: DEBEZIUM_PLUGIN_SHA512 }] }],
      },
      template: {
        pod: { volumes: [{ name: volume, secret: { secretName: databasePasswordSecretName(connect.connectName) } }] },
        connectContainer: { volumeMounts: [{ name: volume, mountPath: DATABASE_SECRET_DIR }] },
      },
    },
  );
}

/**
 * The Debezium connector as a KafkaConnector: the Docker pipeline's connector config (debeziumConnectorConfig, with the
 * library's producer overrides and the delivery mode's settings), its class and task count in Strimzi's own fields.
 * The overrides carry no credentials: Strimzi gives every client of the worker the connect principal's.
 */
export function renderDebeziumConnector(kafka: StrimziSettings, connect: StrimziConnectSettings): StrimziResource {
  const { "connector.class": connectorClass, "tasks.max": tasksMax, ...config } = debeziumConnectorConfig({
    topics: kafka.topics,
    producerOverrides: debeziumProducerConfig(),
    postgresHost: connect.databaseHost,
    database: connect.databaseName,
    user: connect.databaseUser,
    password: DATABASE_PASSWORD_REFERENCE,
    slotName: connect.slotName,
    delivery: connect.delivery,
  });
  return strimziResource(
    "KafkaConnector",
    { name: `${connect.connectName}-debezium`, namespace: kafka.namespace, labels: { [CLUSTER_LABEL]: connect.connectName } },
    { class: connectorClass, tasksMax: Number(tasksMax), config, state: "running" },
  );
}
