// How the Debezium connector takes its first snapshot (debeziumConnectorConfig.ts): no snapshot at start, an incremental
// one when signalled through the signal table, whose own events a Filter keeps out of Kafka; and the signal that asks
// for it.
import {
  DEBEZIUM_SIGNAL_TABLE,
  debeziumConnectorConfig,
  initialSnapshotSignal,
  SIGNAL_TABLE_DDL,
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

  test("the signal: an incremental snapshot of the given tables, its id the slot's, so a second insert is a no-op", () => {
    const signal = initialSnapshotSignal("debezium_dev", ["public.users", "public.videos"]);
    expect(signal).toEqual({
      id: "initial-debezium_dev",
      type: "execute-snapshot",
      data: '{"data-collections":["public.users","public.videos"],"type":"incremental"}',
    });
    expect(initialSnapshotSignal("debezium_prod", []).id).not.toBe(signal.id);
    // The id column holds the id of the longest slot name Postgres allows (63 characters, NAMEDATALEN - 1).
    const idWidth = Number(/\(id varchar\((\d+)\)/.exec(SIGNAL_TABLE_DDL)?.[1]);
    expect(initialSnapshotSignal("s".repeat(63), []).id.length).toBeLessThanOrEqual(idWidth);
  });

  test("the signal table's DDL names the table the config reads, with Debezium's three columns", () => {
    expect(SIGNAL_TABLE_DDL).toBe(
      `CREATE TABLE IF NOT EXISTS ${DEBEZIUM_SIGNAL_TABLE} (id varchar(128) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));`,
    );
  });
});
