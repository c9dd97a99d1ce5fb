// How the Debezium connector takes its first snapshot (debeziumConnectorConfig.ts): no snapshot at start, an incremental
// one when signalled through the signal table, whose own events a Filter keeps out of Kafka; and the signal that asks
// for it.
import {
  DEBEZIUM_SIGNAL_TABLE,
  debeziumConnectorConfig,
  publicationName,
  SIGNAL_TABLE_DDL,
  snapshotSignal,
} from "../../components/debeziumConnectorConfig";

const config = debeziumConnectorConfig({
  topics: ["dbserver.public.users", "dbserver.public.videos"],
  producerOverrides: {},
  postgresHost: "pg",
  database: "videoplatform",
  user: "cdc",
  password: "${dir:/etc/connect-secrets:database.password}",
  slotName: "debezium_dev",
  delivery: "exactly-once",
});

/** Connect's TopicNameMatches matches the whole topic name (Java's Matcher.matches). */
const dropped = (topic: string) => new RegExp(`^(?:${config["predicates.isSignal.pattern"]})$`).test(topic);

describe("the connector's first snapshot", () => {
  test("none at start (no_data): it streams from the slot and snapshots when the signal table says so", () => {
    expect(config["snapshot.mode"]).toBe("no_data");
    expect(config["signal.enabled.channels"]).toBe("source");
    expect(config["signal.data.collection"]).toBe("public.debezium_signal");
    expect(config["incremental.snapshot.watermarking.strategy"]).toBe("insert_delete");
    // The signal table is not among the captured tables: Debezium adds it to its filter (and the publication) itself.
    expect(config["table.include.list"]).toBe("public.users,public.videos");
  });

  test("the signal table's events are filtered out, whatever the topic prefix, and no captured table's are", () => {
    expect(config.transforms).toBe("dropSignals");
    expect(config["transforms.dropSignals.type"]).toBe("org.apache.kafka.connect.transforms.Filter");
    expect(config["transforms.dropSignals.predicate"]).toBe("isSignal");
    expect(config.predicates).toBe("isSignal");
    expect(config["predicates.isSignal.type"]).toBe("org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
    expect(dropped("dbserver.public.debezium_signal")).toBe(true);
    expect(dropped("f1abc.public.debezium_signal")).toBe(true);
    for (const topic of ["dbserver.public.users", "dbserver.public.videos", "dbserver.public.debezium_signals", "dbserver.publicXdebezium_signal"]) {
      expect({ topic, dropped: dropped(topic) }).toEqual({ topic, dropped: false });
    }
  });

  test("the signal: an incremental snapshot of the given tables (sorted), its id naming the slot and the tables", () => {
    const signal = snapshotSignal("debezium_dev", ["public.videos", "public.users"]);
    expect(signal.type).toBe("execute-snapshot");
    expect(JSON.parse(signal.data)).toEqual({ "data-collections": ["public.users", "public.videos"], type: "incremental" });
    expect(signal.id).toMatch(/^snapshot-debezium_dev-[0-9a-f]{12}$/);
    // The same tables in another order: the same signal; other tables or another slot: another id.
    expect(snapshotSignal("debezium_dev", ["public.users", "public.videos"])).toEqual(signal);
    expect(snapshotSignal("debezium_dev", ["public.users"]).id).not.toBe(signal.id);
    expect(snapshotSignal("debezium_prod", ["public.users", "public.videos"]).id).not.toBe(signal.id);
    // The id column holds the id of the longest slot name Postgres allows (63 characters, NAMEDATALEN - 1).
    const idWidth = Number(/\(id varchar\((\d+)\)/.exec(SIGNAL_TABLE_DDL)?.[1]);
    expect(snapshotSignal("s".repeat(63), ["public.users"]).id.length).toBeLessThanOrEqual(idWidth);
  });

  test("the signal table's DDL: the table the config reads, keyed by id, with Debezium's type and data columns", () => {
    expect(SIGNAL_TABLE_DDL).toMatch(new RegExp(`^CREATE TABLE IF NOT EXISTS ${DEBEZIUM_SIGNAL_TABLE.replace(".", "\\.")} \\(`));
    expect(SIGNAL_TABLE_DDL).toMatch(/\(id varchar\(\d+\) PRIMARY KEY, type varchar\(\d+\) NOT NULL, data varchar\(\d+\)\);$/);
  });

  test("the publication is named after the slot, as the config says", () => {
    expect(config["publication.name"]).toBe(publicationName("debezium_dev"));
    expect(publicationName("debezium_dev")).toBe("debezium_dev_publication");
  });
});
