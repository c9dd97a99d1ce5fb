// The Debezium Postgres connector's settings for the CDC topics: one home for both places a connector is declared,
// the Docker pipeline's KafkaConnector (through Connect's REST API) and the Strimzi flavour's KafkaConnector resource.
// Pure: properties in Debezium's and Connect's own names.
import { debeziumDeliveryConfig, PipelineDelivery } from "./connectDelivery";

/** Debezium's `topic.prefix` for the pipeline: table `public.videos` is written to `dbserver.public.videos`. */
export const DEBEZIUM_TOPIC_PREFIX = "dbserver";

/** The Debezium connector's class (what `connector.class` names). */
export const DEBEZIUM_POSTGRES_CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";

/** Topic dbserver.public.videos carries table public.videos. */
export function capturedTables(topics: string[], topicPrefix: string): string[] {
  return topics.filter((topic) => topic.startsWith(`${topicPrefix}.`)).map((topic) => topic.slice(topicPrefix.length + 1));
}

/**
 * The Debezium Postgres connector's settings for the declared CDC topics (those under `topicPrefix`, by default
 * DEBEZIUM_TOPIC_PREFIX), with the library's producer overrides and the delivery mode's settings.
 */
export function debeziumConnectorConfig(args: {
  /** The declared topics; those under topicPrefix name the captured tables. */
  topics: string[];
  /** `producer.override.*` settings (debeziumProducerConfig). */
  producerOverrides: Record<string, string>;
  /** The database's host as the Connect worker reaches it. */
  postgresHost: string;
  /** The database's name. */
  database: string;
  /** The replication user. */
  user: string;
  /** What `database.password` says: a config provider reference for the worker to resolve (or a password itself). */
  password: string;
  /** The replication slot Debezium reads from (one per connector). */
  slotName: string;
  /** The worker's delivery mode, which the connector requires. */
  delivery: PipelineDelivery;
  /** @default DEBEZIUM_TOPIC_PREFIX */
  topicPrefix?: string;
}): Record<string, string> {
  const topicPrefix = args.topicPrefix ?? DEBEZIUM_TOPIC_PREFIX;
  return {
    "connector.class": DEBEZIUM_POSTGRES_CONNECTOR_CLASS,
    "tasks.max": "1",
    "database.hostname": args.postgresHost,
    "database.port": "5432",
    "database.user": args.user,
    "database.password": args.password,
    "database.dbname": args.database,
    "topic.prefix": topicPrefix,
    // pgoutput is built into Postgres; Debezium's default (decoderbufs) needs an extension.
    "plugin.name": "pgoutput",
    "slot.name": args.slotName,
    "publication.name": `${args.slotName}_publication`,
    // A publication of exactly the captured tables (Debezium's default, all_tables, needs a superuser and
    // captures tables nobody declared a topic for).
    "publication.autocreate.mode": "filtered",
    "table.include.list": capturedTables(args.topics, topicPrefix).join(","),
    "snapshot.mode": "initial",
    // Plain JSON events ({"before","after","op",...}) and keys ({"id":...}).
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    ...debeziumDeliveryConfig(args.delivery),
    ...args.producerOverrides,
  };
}
