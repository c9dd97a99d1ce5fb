// Kafka Connect with the Debezium Postgres connector: the worker's internal topics declared up front (compacted, the
// cluster's replication factor; never auto-created), one distributed worker on the Kafka network, and the connector
// registered through the worker's REST API as a KafkaConnector resource. The database password reaches the worker as an
// uploaded file that the connector's config names (`${dir:…}`), so neither Kafka nor the REST API holds it. On a secured
// Kafka stack the worker and its clients connect as the connect principal, Pulumi manages the internal topics as admin,
// and the REST API asks for a login (Kafka's BasicAuthSecurityRestExtension).
import * as docker from "@pulumi/docker";
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import {
  type ClusterSecurity,
  type ConnectLogin,
  CONNECT_RESOURCE_PREFIX,
  connectWorkerDeliveryConfig,
  debeziumConnectorConfig,
  dockerLabels,
  KafkaConnector,
  kafkajsConnectionOptions,
  kafkaProviderArgs,
  type PipelineDelivery,
} from "cdc-kafka";
import type { KafkaSide } from "./kafkaSide";

export interface ConnectArgs {
  image: string;
  kafka: KafkaSide;
  hostPort: number;
  labels: Record<string, string>;
  /** The containers the worker needs up first (Postgres). */
  dependsOn: pulumi.Resource[];
  /** exactly-once (Connect's exactly-once source support) or at-least-once. */
  delivery: PipelineDelivery;
  /** The database password the connector names by DATABASE_PASSWORD_REFERENCE; uploaded to the worker as a file. */
  databasePassword: pulumi.Input<string>;
  /** The login the REST API requires (basic authentication); none: the API is open. */
  restLogin: pulumi.Input<ConnectLogin | undefined>;
}

/**
 * The worker's settings besides the addresses. Why each is not Connect's default:
 * - scheduled.rebalance.max.delay.ms 5000: with one worker, a broker outage of a few seconds costs the worker its group
 *   membership; on rejoin the cooperative protocol holds its lost tasks back for this long (default 300000: CDC
 *   silently paused for five minutes while the status API says RUNNING).
 * - connector.client.config.override.policy All: lets the connector carry the library's producer overrides.
 * The delivery mode's settings (connectWorkerDeliveryConfig) come on top.
 */
export const WORKER_SETTINGS: Record<string, string> = {
  CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: "5000",
  CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: "All",
  HEAP_OPTS: "-Xms256m -Xmx512m",
};

/** Connect's REST API port inside the worker's container. */
export const CONNECT_REST_PORT = 8083;

/** The REST API of the worker `name` as containers on the Kafka network reach it (its container is named `name`). */
export function connectAddress(name: string): string {
  return `http://${name}:${CONNECT_REST_PORT}`;
}

/**
 * The worker's group id, which also prefixes its internal topics: the name behind `connect-`, the prefix a secured
 * stack grants the connect principal its group and topics under (the same in plaintext, so a stack can be secured
 * later without renaming them).
 */
export function connectGroupId(name: string): string {
  return `${CONNECT_RESOURCE_PREFIX}${name}`;
}

/**
 * Where the worker's secrets are uploaded; Kafka's DirectoryConfigProvider resolves `${dir:<dir>:<file>}` from it. The
 * Connect image makes each file there the worker user's, mode 0400, before the worker starts.
 */
export const WORKER_SECRETS_DIR = "/etc/connect-secrets";
const JAAS_FILE = "sasl.jaas.config";
const DATABASE_PASSWORD_FILE = "database.password";
const REST_JAAS_FILE = "rest-jaas.conf";
const REST_CREDENTIALS_FILE = "rest-credentials.properties";
/**
 * What the worker's and the connector's `sasl.jaas.config` say instead of the JAAS line: Kafka reads the line (with the
 * password) from the uploaded file when it builds a client, so the password is neither in the container's environment
 * (docker inspect) nor in the connector's config (the REST API, the configs topic).
 */
export const JAAS_REFERENCE = `\${dir:${WORKER_SECRETS_DIR}:${JAAS_FILE}}`;
/** What the connector's `database.password` says: the worker resolves it from the uploaded file when it starts the task. */
export const DATABASE_PASSWORD_REFERENCE = `\${dir:${WORKER_SECRETS_DIR}:${DATABASE_PASSWORD_FILE}}`;
/** Kafka's REST extension that makes the worker's REST API ask for a login (HTTP basic authentication). */
export const BASIC_AUTH_EXTENSION = "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
/** The user the REST login names (the password is generated). */
export const CONNECT_REST_USER = "connect-rest";

/**
 * Connect builds several clients, each from its own settings: the worker's own (group membership, internal topics),
 * its tasks' producers and consumers, and the admin client that creates topics for source tasks.
 */
const WORKER_CLIENT_PREFIXES = ["", "producer.", "consumer.", "admin."];

/** A worker property as the image's environment variable: `CONNECT_`, then `_` → `__`, `-` → `___`, `.` → `_`, upper case. */
export function workerEnvName(property: string): string {
  return `CONNECT_${property.replace(/_/g, "__").replace(/-/g, "___").replace(/\./g, "_").toUpperCase()}`;
}

/** The connection settings (security.protocol, sasl.*, ssl.*) of a Java client's properties. */
function connectionSettings(clientConfig: Record<string, string>): Array<[string, string]> {
  return Object.entries(clientConfig).filter(([key]) => /^(security|sasl|ssl)\./.test(key));
}

/** Whether a Kafka stack's client settings are a secured cluster's (any connection setting): then the REST API asks for a login. */
export function isSecuredCluster(producerConfig: Record<string, string>): boolean {
  return connectionSettings(producerConfig).length > 0;
}

/**
 * The config provider every worker has (plaintext too, for the database password): `${dir:<dir>:<file>}` in a worker
 * or connector setting is the content of that file, read when the setting is used.
 */
export const CONFIG_PROVIDER_ENV: Record<string, string> = {
  [workerEnvName("config.providers")]: "dir",
  [workerEnvName("config.providers.dir.class")]: "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
};

/**
 * How the worker and its clients reach the cluster, from the Kafka stack's producerConfig (the connect principal), as
 * the image's environment: each connection setting for each client, the JAAS line as JAAS_REFERENCE (resolved by
 * CONFIG_PROVIDER_ENV's provider), multi-line values (the PEM truststore) as one properties line with `\n` escapes,
 * since the image writes each variable verbatim as one line of the worker's properties file. Empty for a plaintext
 * cluster.
 */
export function workerSecurityEnv(producerConfig: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const prefix of WORKER_CLIENT_PREFIXES) {
    for (const [key, value] of connectionSettings(producerConfig)) {
      env[workerEnvName(`${prefix}${key}`)] = key === "sasl.jaas.config" ? JAAS_REFERENCE : value.replace(/\\/g, "\\\\").replace(/\r?\n/g, "\\n");
    }
  }
  return env;
}

/**
 * The environment that makes the REST API ask for a login: Kafka's BasicAuthSecurityRestExtension, and the JVM told
 * where the JAAS file (with its KafkaConnect entry) is. Paths only; the credentials are in the uploaded files
 * (restAuthFiles). Empty without a login.
 */
export function restAuthEnv(login: ConnectLogin | undefined): Record<string, string> {
  if (login === undefined) return {};
  return {
    [workerEnvName("rest.extension.classes")]: BASIC_AUTH_EXTENSION,
    KAFKA_OPTS: `-Djava.security.auth.login.config=${WORKER_SECRETS_DIR}/${REST_JAAS_FILE}`,
  };
}

/** A user name the credentials file and basic authentication can carry as it is; a sentence otherwise. */
export function restUserProblem(username: string): string | undefined {
  return /^[A-Za-z0-9._-]+$/.test(username) ? undefined : `The Connect REST user (${username}) must be letters, digits, ".", "_" or "-".`;
}

/**
 * The files the REST login needs: the JAAS file whose KafkaConnect entry reads the credentials file (Kafka's
 * PropertyFileLoginModule), and that file, `user=password` (a properties line: the password must need no escaping,
 * which a generated one of letters and digits does not). None without a login.
 */
export function restAuthFiles(login: ConnectLogin | undefined): Array<{ file: string; content: string }> {
  if (login === undefined) return [];
  const problem = restUserProblem(login.username);
  if (problem) throw new Error(problem);
  const credentials = `${WORKER_SECRETS_DIR}/${REST_CREDENTIALS_FILE}`;
  return [
    {
      file: `${WORKER_SECRETS_DIR}/${REST_JAAS_FILE}`,
      content: `KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${credentials}";\n};\n`,
    },
    { file: credentials, content: `${login.username}=${login.password}\n` },
  ];
}

/**
 * Every file the worker's settings and the connector's config refer to: the database password (always), the JAAS line
 * of producerConfig (a secured cluster) and the REST login's files (when there is one). All secrets.
 */
export function workerSecretFiles(args: {
  producerConfig: Record<string, string>;
  databasePassword: string;
  restLogin: ConnectLogin | undefined;
}): Array<{ file: string; content: string }> {
  const jaas = args.producerConfig["sasl.jaas.config"];
  return [
    { file: `${WORKER_SECRETS_DIR}/${DATABASE_PASSWORD_FILE}`, content: args.databasePassword },
    ...(jaas === undefined ? [] : [{ file: `${WORKER_SECRETS_DIR}/${JAAS_FILE}`, content: jaas }]),
    ...restAuthFiles(args.restLogin),
  ];
}

/** The worker's delivery settings (connectWorkerDeliveryConfig) as the image's environment. */
export function workerDeliveryEnv(delivery: PipelineDelivery): Record<string, string> {
  return Object.fromEntries(Object.entries(connectWorkerDeliveryConfig(delivery)).map(([property, value]) => [workerEnvName(property), value]));
}

/** How Pulumi's kafka provider connects with a Kafka stack's adminConfig: nothing for PLAINTEXT; TLS and SCRAM otherwise. */
export function adminConnection(adminConfig: Record<string, string>): ClusterSecurity {
  const options: { ssl?: boolean | { ca: string[] }; sasl?: ClusterSecurity["sasl"] } = kafkajsConnectionOptions(adminConfig);
  if (options.ssl === undefined) return {};
  return { tls: true, ...(typeof options.ssl === "object" ? { caCertificatePem: options.ssl.ca[0] } : {}), ...(options.sasl ? { sasl: options.sasl } : {}) };
}

export class ConnectWorker extends pulumi.ComponentResource {
  public readonly url: pulumi.Output<string>;
  /** The login the REST API requires (a secret); undefined when it is open. */
  public readonly restLogin: pulumi.Output<ConnectLogin | undefined>;
  /** The Connect cluster's group id (connectGroupId). */
  public readonly groupId: string;
  public readonly container: docker.Container;

  constructor(name: string, args: ConnectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cdc-pipeline:index:ConnectWorker", name, {}, opts);
    this.groupId = connectGroupId(name);
    // Pulumi manages the topics as the Kafka stack's admin (on a plaintext stack, without credentials).
    const providerArgs = pulumi
      .all([args.kafka.hostBootstrapServers, args.kafka.adminConfig])
      .apply(([servers, adminConfig]) => kafkaProviderArgs(servers.split(","), adminConnection(adminConfig)));
    const provided = <T>(pick: (all: kafka.ProviderArgs) => pulumi.Input<T> | undefined) => providerArgs.apply((all) => pulumi.output(pick(all)));
    const provider = new kafka.Provider(
      `${name}-kafka`,
      {
        bootstrapServers: args.kafka.hostBootstrapServers.apply((servers) => servers.split(",")),
        tlsEnabled: provided((all) => all.tlsEnabled),
        caCert: provided((all) => all.caCert),
        saslMechanism: provided((all) => all.saslMechanism),
        saslUsername: provided((all) => all.saslUsername),
        saslPassword: provided((all) => all.saslPassword),
      },
      { parent: this, dependsOn: args.kafka.ready },
    );
    // Connect's own layout: one partition for configs (their order matters), several for offsets and status.
    const internalTopics = { CONFIG: 1, OFFSET: 5, STATUS: 3 };
    const topics = Object.entries(internalTopics).map(
      ([kind, partitions]) =>
        new kafka.Topic(
          `${name}-${kind.toLowerCase()}s`,
          {
            name: `${this.groupId}.${kind.toLowerCase()}s`,
            partitions,
            replicationFactor: args.kafka.replicationFactor,
            config: { "cleanup.policy": "compact", "min.insync.replicas": args.kafka.minInsyncReplicas.apply(String) },
          },
          { parent: this, provider },
        ),
    );
    const image = new docker.RemoteImage(`${name}-image`, { name: args.image, keepLocally: true }, { parent: this });
    const settings: Record<string, pulumi.Input<string>> = {
      BOOTSTRAP_SERVERS: args.kafka.internalBootstrapServers,
      GROUP_ID: this.groupId,
      CONFIG_STORAGE_TOPIC: topics[0].name,
      OFFSET_STORAGE_TOPIC: topics[1].name,
      STATUS_STORAGE_TOPIC: topics[2].name,
      CONFIG_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      OFFSET_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      STATUS_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      ADVERTISED_HOST_NAME: name,
      ...WORKER_SETTINGS,
      ...CONFIG_PROVIDER_ENV,
      ...workerDeliveryEnv(args.delivery),
    };
    this.restLogin = pulumi.secret(pulumi.output(args.restLogin));
    // Secrets through the connect principal's settings: the list is kept secret in the state, and the passwords
    // themselves only reach the container as uploaded files.
    const envs = pulumi
      .all([pulumi.all(settings), args.kafka.producerConfig, this.restLogin])
      .apply(([plain, producerConfig, restLogin]) =>
        Object.entries({ ...plain, ...workerSecurityEnv(producerConfig), ...restAuthEnv(restLogin) }).map(([key, value]) => `${key}=${value}`),
      );
    const uploads = pulumi
      .all([args.kafka.producerConfig, args.databasePassword, this.restLogin])
      .apply(([producerConfig, databasePassword, restLogin]) => workerSecretFiles({ producerConfig, databasePassword, restLogin }));
    this.container = new docker.Container(
      `${name}-container`,
      {
        name,
        hostname: name,
        image: image.imageId,
        envs,
        uploads: pulumi.secret(uploads),
        networksAdvanced: [{ name: args.kafka.networkName }],
        ports: [{ internal: CONNECT_REST_PORT, external: args.hostPort, ip: "127.0.0.1", protocol: "tcp" }],
        labels: dockerLabels(args.labels, "connect"),
        memory: 1024,
        restart: "unless-stopped",
        // The image's healthcheck: healthy once the REST API answers (to its login, when it asks for one).
        wait: true,
        waitTimeout: 180,
        destroyGraceSeconds: 30,
      },
      { parent: this, dependsOn: [...topics, ...args.kafka.ready, ...args.dependsOn] },
    );
    this.url = pulumi.interpolate`http://127.0.0.1:${this.container.ports.apply((ports) => ports?.[0]?.external ?? args.hostPort)}`;
    this.registerOutputs({ url: this.url, restLogin: this.restLogin });
  }
}

export interface DebeziumArgs {
  connect: ConnectWorker;
  kafka: KafkaSide;
  postgresHost: pulumi.Input<string>;
  database: string;
  user: string;
  /** The replication slot Debezium reads from (one per connector). */
  slotName: string;
  /** The worker's delivery mode, which the connector requires. */
  delivery: PipelineDelivery;
}

// The connector's settings live in the library (one home with the Strimzi flavour's KafkaConnector); re-exported
// under the names this example has always used.
export { capturedTables, debeziumConnectorConfig, DEBEZIUM_TOPIC_PREFIX as TOPIC_PREFIX } from "cdc-kafka";

/** The library's producer overrides with the JAAS line (on a secured stack) replaced by JAAS_REFERENCE, which the worker resolves. */
export function referToJaasFile(producerOverrides: Record<string, string>): Record<string, string> {
  const key = "producer.override.sasl.jaas.config";
  return key in producerOverrides ? { ...producerOverrides, [key]: JAAS_REFERENCE } : producerOverrides;
}

/**
 * The Debezium Postgres connector, registered on the worker once it is healthy (logging in when the worker asks): its
 * database password is DATABASE_PASSWORD_REFERENCE, which the worker resolves from its uploaded file.
 */
export function debeziumConnector(name: string, args: DebeziumArgs, opts?: pulumi.CustomResourceOptions): KafkaConnector {
  const config = pulumi
    .all([args.kafka.topicNames, args.kafka.debeziumProducerConfig, args.postgresHost])
    .apply(([topics, producerOverrides, postgresHost]) =>
      debeziumConnectorConfig({
        topics,
        producerOverrides: referToJaasFile(producerOverrides),
        postgresHost,
        database: args.database,
        user: args.user,
        password: DATABASE_PASSWORD_REFERENCE,
        slotName: args.slotName,
        delivery: args.delivery,
      }),
    );
  return new KafkaConnector(
    name,
    { connectUrl: args.connect.url, connectAuth: args.connect.restLogin, connectorName: name, config },
    pulumi.mergeOptions(opts, { dependsOn: [args.connect.container] }),
  );
}
