// The Debezium Postgres connector's settings for the CDC topics: one home for both places a connector is declared,
// the Docker pipeline's KafkaConnector (through Connect's REST API) and the Strimzi flavour's KafkaConnector resource.
// Pure: properties in Debezium's and Connect's own names, and the signal that starts the first snapshot (an incremental one).
import { createHash } from "crypto";
import { debeziumDeliveryConfig, PipelineDelivery } from "./connectDelivery";

/** Debezium's `topic.prefix` for the pipeline: table `public.videos` is written to `dbserver.public.videos`. */
export const DEBEZIUM_TOPIC_PREFIX = "dbserver";

/** The Debezium connector's class (what `connector.class` names). */
export const DEBEZIUM_POSTGRES_CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";

/**
 * The table Debezium reads its signals from (`signal.data.collection`), as `<schema>.<table>`. The connector starts
 * with `snapshot.mode=no_data` and takes its first snapshot as an incremental snapshot when an `execute-snapshot` row
 * is inserted here (snapshotSignal); the table must exist in the captured database before the connector starts
 * (SIGNAL_TABLE_DDL). Every connector of that database reads every row inserted here: two connectors on one database
 * both act on each signal.
 */
export const DEBEZIUM_SIGNAL_TABLE = "public.debezium_signal";

/** The signal table as Debezium expects it (id, type, data), for the captured database's schema. */
export const SIGNAL_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${DEBEZIUM_SIGNAL_TABLE} (id varchar(128) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));`;

/** A row of the signal table: what one signal says. */
export interface DebeziumSignal {
  /** The row's key; Debezium acts on each inserted row once, whatever its id. */
  id: string;
  /** What Debezium is asked to do, e.g. `execute-snapshot`. */
  type: string;
  /** The request's details as JSON, e.g. which tables to snapshot. */
  data: string;
}

/**
 * The signal that asks a connector for an incremental snapshot of `tables` (`<schema>.<table>`): its first snapshot, or
 * that of tables added later. The id names the replication slot and the tables (a digest of their sorted names), so
 * it says which connector and which tables a row was inserted for.
 */
export function snapshotSignal(slotName: string, tables: string[]): DebeziumSignal {
  const sorted = [...tables].sort();
  const digest = createHash("sha256").update(sorted.join(",")).digest("hex").slice(0, 12);
  return { id: `snapshot-${slotName}-${digest}`, type: "execute-snapshot", data: JSON.stringify({ "data-collections": sorted, type: "incremental" }) };
}

/** The publication a connector with replication slot `slotName` creates and reads (one per connector, like the slot). */
export function publicationName(slotName: string): string {
  return `${slotName}_publication`;
}

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
    "publication.name": publicationName(args.slotName),
    // A publication of exactly the captured tables (Debezium's default, all_tables, needs a superuser and
    // captures tables nobody declared a topic for).
    "publication.autocreate.mode": "filtered",
    "table.include.list": capturedTables(args.topics, topicPrefix).join(","),
    // No snapshot at start: the first snapshot is an incremental one, started by a signal row (snapshotSignal).
    // A connector killed during an `initial` snapshot takes it again at the current WAL position and streams from
    // there, so the changes committed in between arrive only as snapshot reads of the rows' final state. Streaming
    // starts at the slot, and an incremental snapshot keeps its place in the connector's offsets: it resumes after a
    // crash and every change is streamed as its own event. What it trades: the snapshot reads are interleaved with the
    // stream, not a point-in-time image before it, and every captured table needs a primary key.
    "snapshot.mode": "no_data",
    // Signals through a table of the captured database: they ride in the WAL and the connector's offsets, so a crash
    // neither loses nor skips one (the publication takes the table in by itself).
    "signal.enabled.channels": "source",
    "signal.data.collection": DEBEZIUM_SIGNAL_TABLE,
    // Each chunk's watermarks are one signal row, deleted again: the table stays small.
    "incremental.snapshot.watermarking.strategy": "insert_delete",
    // The signal table's own events (signals, watermarks) stay out of Kafka: no topic is declared for them.
    transforms: "dropSignals",
    "transforms.dropSignals.type": "org.apache.kafka.connect.transforms.Filter",
    "transforms.dropSignals.predicate": "isSignal",
    predicates: "isSignal",
    "predicates.isSignal.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.isSignal.pattern": `.*\\.${DEBEZIUM_SIGNAL_TABLE.replace(/\./g, "\\.")}`,
    // Plain JSON events ({"before","after","op",...}) and keys ({"id":...}).
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    ...debeziumDeliveryConfig(args.delivery),
    ...args.producerOverrides,
  };
}
