// Kafka Connect with the Debezium Postgres connector: the worker's internal topics declared up front (compacted, the
// cluster's replication factor; never auto-created), one distributed worker on the Kafka network, and the connector
// registered through the worker's REST API as a KafkaConnector resource.
import * as docker from "@pulumi/docker";
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels, KafkaConnector } from "cdc-kafka";
import type { KafkaSide } from "./kafkaSide";

export interface ConnectArgs {
  image: string;
  kafka: KafkaSide;
  hostPort: number;
  labels: Record<string, string>;
  /** The containers the worker needs up first (Postgres). */
  dependsOn: pulumi.Resource[];
}

/**
 * The worker's settings besides the addresses. Why each is not Connect's default:
 * - scheduled.rebalance.max.delay.ms 5000: with one worker, a broker outage of a few seconds costs the worker its group
 *   membership; on rejoin the cooperative protocol holds its lost tasks back for this long (default 300000: CDC
 *   silently paused for five minutes while the status API says RUNNING).
 * - offset.flush.interval.ms 10000: how much Debezium re-reads (as duplicates, never losses) after a worker crash.
 * - connector.client.config.override.policy All: lets the connector carry the library's producer overrides.
 */
export const WORKER_SETTINGS: Record<string, string> = {
  CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: "5000",
  OFFSET_FLUSH_INTERVAL_MS: "10000",
  CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: "All",
  HEAP_OPTS: "-Xms256m -Xmx512m",
};

/** Connect's REST API port inside the worker's container. */
export const CONNECT_REST_PORT = 8083;

/** The REST API of the worker `name` as containers on the Kafka network reach it (its container is named `name`). */
export function connectAddress(name: string): string {
  return `http://${name}:${CONNECT_REST_PORT}`;
}

export class ConnectWorker extends pulumi.ComponentResource {
  public readonly url: pulumi.Output<string>;
  public readonly container: docker.Container;

  constructor(name: string, args: ConnectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cdc-pipeline:index:ConnectWorker", name, {}, opts);
    const provider = new kafka.Provider(
      `${name}-kafka`,
      { bootstrapServers: args.kafka.hostBootstrapServers.apply((servers) => servers.split(",")), tlsEnabled: false },
      { parent: this, dependsOn: args.kafka.ready },
    );
    // Connect's own layout: one partition for configs (their order matters), several for offsets and status.
    const internalTopics = { CONFIG: 1, OFFSET: 5, STATUS: 3 };
    const topics = Object.entries(internalTopics).map(
      ([kind, partitions]) =>
        new kafka.Topic(
          `${name}-${kind.toLowerCase()}s`,
          {
            name: `${name}.${kind.toLowerCase()}s`,
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
      GROUP_ID: name,
      CONFIG_STORAGE_TOPIC: topics[0].name,
      OFFSET_STORAGE_TOPIC: topics[1].name,
      STATUS_STORAGE_TOPIC: topics[2].name,
      CONFIG_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      OFFSET_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      STATUS_STORAGE_REPLICATION_FACTOR: args.kafka.replicationFactor.apply(String),
      ADVERTISED_HOST_NAME: name,
      ...WORKER_SETTINGS,
    };
    this.container = new docker.Container(
      `${name}-container`,
      {
        name,
        hostname: name,
        image: image.imageId,
        envs: Object.entries(settings).map(([key, value]) => pulumi.interpolate`${key}=${value}`),
        networksAdvanced: [{ name: args.kafka.networkName }],
        ports: [{ internal: CONNECT_REST_PORT, external: args.hostPort, ip: "127.0.0.1", protocol: "tcp" }],
        labels: dockerLabels(args.labels, "connect"),
        memory: 1024,
        restart: "unless-stopped",
        // The image's healthcheck: healthy once the REST API answers, i.e. the worker joined its group.
        wait: true,
        waitTimeout: 180,
        destroyGraceSeconds: 30,
      },
      { parent: this, dependsOn: [...topics, ...args.kafka.ready, ...args.dependsOn] },
    );
    this.url = pulumi.interpolate`http://127.0.0.1:${this.container.ports.apply((ports) => ports?.[0]?.external ?? args.hostPort)}`;
    this.registerOutputs({ url: this.url });
  }
}

export interface DebeziumArgs {
  connect: ConnectWorker;
  kafka: KafkaSide;
  postgresHost: pulumi.Input<string>;
  database: string;
  user: string;
  password: pulumi.Input<string>;
  /** The replication slot Debezium reads from (one per connector). */
  slotName: string;
}

/** Topic dbserver.public.videos carries table public.videos. */
export function capturedTables(topics: string[], topicPrefix: string): string[] {
  return topics.filter((topic) => topic.startsWith(`${topicPrefix}.`)).map((topic) => topic.slice(topicPrefix.length + 1));
}

export const TOPIC_PREFIX = "dbserver";

/** The Debezium Postgres connector's settings for the declared CDC topics, with the library's producer overrides. */
export function debeziumConnectorConfig(args: {
  topics: string[];
  producerOverrides: Record<string, string>;
  postgresHost: string;
  database: string;
  user: string;
  password: string;
  slotName: string;
}): Record<string, string> {
  return {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "database.hostname": args.postgresHost,
    "database.port": "5432",
    "database.user": args.user,
    "database.password": args.password,
    "database.dbname": args.database,
    "topic.prefix": TOPIC_PREFIX,
    // pgoutput is built into Postgres; Debezium's default (decoderbufs) needs an extension.
    "plugin.name": "pgoutput",
    "slot.name": args.slotName,
    "publication.name": `${args.slotName}_publication`,
    // A publication of exactly the captured tables (Debezium's default, all_tables, needs a superuser and
    // captures tables nobody declared a topic for).
    "publication.autocreate.mode": "filtered",
    "table.include.list": capturedTables(args.topics, TOPIC_PREFIX).join(","),
    "snapshot.mode": "initial",
    // Plain JSON events ({"before","after","op",...}) and keys ({"id":...}).
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    ...args.producerOverrides,
  };
}

/** The Debezium Postgres connector, registered on the worker once it is healthy. */
export function debeziumConnector(name: string, args: DebeziumArgs, opts?: pulumi.CustomResourceOptions): KafkaConnector {
  const config = pulumi
    .all([args.kafka.topicNames, args.kafka.debeziumProducerConfig, args.postgresHost, args.password])
    .apply(([topics, producerOverrides, postgresHost, password]) =>
      debeziumConnectorConfig({ topics, producerOverrides, postgresHost, database: args.database, user: args.user, password, slotName: args.slotName }),
    );
  return new KafkaConnector(
    name,
    { connectUrl: args.connect.url, connectorName: name, config: pulumi.secret(config) },
    pulumi.mergeOptions(opts, { dependsOn: [args.connect.container] }),
  );
}
