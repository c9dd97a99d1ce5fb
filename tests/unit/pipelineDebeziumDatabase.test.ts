// The example's database-side providers (examples/cdc-pipeline/debeziumDatabase.ts), on a stand-in `pg` client that
// answers their queries: CapturedTablesCheck's sentences (a missing table, a table without a primary key, no signal
// table) and SnapshotSignal's (no slot yet), what each inserts (every captured table on create, the added ones alone on
// update, nothing for an unchanged list) and what a diff replaces. Against a live database: pipeline.int.
jest.mock("cdc-kafka", () => jest.requireActual("../../components/index"), { virtual: true });

/** The SQL the providers sent, and what the stand-in database holds. */
const sent: Array<{ text: string; values?: unknown[] }> = [];
const database = { tables: new Map<string, { keyed: boolean }>(), slots: new Set<string>() };

jest.mock("pg", () => ({
  Client: class {
    async connect(): Promise<void> {}
    async end(): Promise<void> {}
    escapeIdentifier(part: string): string {
      return `"${part.replace(/"/g, '""')}"`;
    }
    async query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }> {
      sent.push({ text, values });
      if (text.includes("to_regclass")) {
        const names = (values as string[][])[0];
        const rows = names.map((name) => ({ name, present: database.tables.has(name), keyed: database.tables.get(name)?.keyed ?? false }));
        return { rows, rowCount: rows.length };
      }
      if (text.includes("pg_replication_slots")) {
        const found = database.slots.has((values as string[])[0]);
        return { rows: found ? [{}] : [], rowCount: found ? 1 : 0 };
      }
      return { rows: [], rowCount: 1 };
    }
  },
}));

import type * as pulumi from "@pulumi/pulumi";
import { snapshotSignal } from "../../components/debeziumConnectorConfig";

const { capturedTablesCheckProvider: check, snapshotSignalProvider: signal } = jest.requireActual("../../examples/cdc-pipeline/debeziumDatabase") as {
  capturedTablesCheckProvider: pulumi.dynamic.ResourceProvider;
  snapshotSignalProvider: pulumi.dynamic.ResourceProvider;
};

const connection = { host: "127.0.0.1", port: 35432, database: "videoplatform", user: "cdc", password: "secret" };
const checked = { ...connection, tables: ["public.users", "public.videos"], signalTable: "public.debezium_signal" };
const signalled = { ...connection, slotName: "debezium_dev", table: "public.debezium_signal", tables: ["public.users", "public.videos"] };

beforeEach(() => {
  sent.length = 0;
  database.tables = new Map([
    ["public.users", { keyed: true }],
    ["public.videos", { keyed: true }],
    ["public.debezium_signal", { keyed: true }],
  ]);
  database.slots = new Set(["debezium_dev"]);
});

/** The rows the provider inserted into the signal table: [id, type, data]. */
const inserted = () => sent.filter((query) => query.text.startsWith('INSERT INTO "public"."debezium_signal"')).map((query) => query.values);

describe("the captured tables' check", () => {
  test("every table there with its key, and the signal table: passes", async () => {
    await expect(check.create!(checked)).resolves.toEqual({ id: "videoplatform:public.users,public.videos", outs: checked });
  });

  test.each([
    ["a missing table", () => database.tables.delete("public.videos"), "The captured tables public.videos do not exist in database videoplatform; declare topics only for tables that exist."],
    ["a table without a primary key", () => database.tables.set("public.users", { keyed: false }), "The captured tables public.users have no primary key, which Debezium's incremental snapshot reads by; add one."],
    ["no signal table", () => database.tables.delete("public.debezium_signal"), "Debezium's signal table public.debezium_signal does not exist in database videoplatform; create it before the connector starts."],
  ])("%s: one sentence", async (_case, change, sentence) => {
    change();
    await expect(check.create!(checked)).rejects.toThrow(sentence);
  });

  test("another table list checks again (a replace); a new password is an update; the same inputs nothing", async () => {
    expect(await check.diff!("id", checked, checked)).toEqual({ changes: false, replaces: [] });
    expect(await check.diff!("id", checked, { ...checked, tables: ["public.users"] })).toEqual({ changes: true, replaces: ["tables"] });
    expect(await check.diff!("id", checked, { ...checked, password: "rotated" })).toEqual({ changes: true, replaces: [] });
  });
});

describe("the snapshot signal", () => {
  test("create: one signal of every captured table, replacing a row of the same id in one transaction", async () => {
    const expected = snapshotSignal("debezium_dev", ["public.users", "public.videos"]);
    await expect(signal.create!(signalled)).resolves.toEqual({ id: "debezium_dev", outs: { ...signalled, lastSignalId: expected.id } });
    expect(inserted()).toEqual([[expected.id, "execute-snapshot", expected.data]]);
    expect(sent.map((query) => query.text.split(" ")[0])).toEqual(["SELECT", "BEGIN", "DELETE", "INSERT", "COMMIT"]);
  });

  test("no replication slot yet: one sentence, nothing inserted", async () => {
    database.slots.clear();
    await expect(signal.create!(signalled)).rejects.toThrow(
      "The replication slot debezium_dev does not exist in database videoplatform yet, so the connector would never see the snapshot signal; start the connector first.",
    );
    expect(inserted()).toEqual([]);
  });

  test("update: a table added is signalled alone; an unchanged or shorter list inserts nothing", async () => {
    const olds = { ...signalled, lastSignalId: "earlier" };
    const added = { ...signalled, tables: [...signalled.tables, "public.comments"] };
    await expect(signal.update!("debezium_dev", olds, added)).resolves.toEqual({ outs: { ...added, lastSignalId: snapshotSignal("debezium_dev", ["public.comments"]).id } });
    expect(inserted()).toEqual([[snapshotSignal("debezium_dev", ["public.comments"]).id, "execute-snapshot", '{"data-collections":["public.comments"],"type":"incremental"}']]);
    sent.length = 0;
    await expect(signal.update!("debezium_dev", olds, { ...signalled, password: "rotated" })).resolves.toEqual({ outs: { ...signalled, password: "rotated", lastSignalId: "earlier" } });
    await expect(signal.update!("debezium_dev", olds, { ...signalled, tables: ["public.users"] })).resolves.toEqual({ outs: { ...signalled, tables: ["public.users"], lastSignalId: "earlier" } });
    expect(inserted()).toEqual([]);
  });

  test("diff: another slot, signal table or database replaces (the whole snapshot again); tables and the connection are updates", async () => {
    expect(await signal.diff!("debezium_dev", signalled, signalled)).toEqual({ changes: false, replaces: [] });
    expect(await signal.diff!("debezium_dev", signalled, { ...signalled, slotName: "debezium_prod" })).toEqual({ changes: true, replaces: ["slotName"] });
    expect(await signal.diff!("debezium_dev", signalled, { ...signalled, database: "other" })).toEqual({ changes: true, replaces: ["database"] });
    expect(await signal.diff!("debezium_dev", signalled, { ...signalled, tables: ["public.users"] })).toEqual({ changes: true, replaces: [] });
    expect(await signal.diff!("debezium_dev", signalled, { ...signalled, port: 35433 })).toEqual({ changes: true, replaces: [] });
  });
});
