// What the Debezium connector needs of the database, as two Pulumi resources on either side of it:
// - CapturedTablesCheck, before the connector: every captured table exists and has a primary key (the incremental
//   snapshot reads by key), and the signal table exists (it must, before the connector builds its publication). A
//   connector for a missing table would run and capture nothing; this fails `up` with one sentence first.
// - SnapshotSignal, after it: the connector runs with `snapshot.mode=no_data`, so it streams from its replication slot's
//   start, and its first snapshot is an incremental one that this resource asks for by inserting an `execute-snapshot`
//   row into the signal table once the connector runs (its slot exists, so the row is decoded). Create signals every
//   captured table; a table added later is an update that signals that table alone; an unchanged list signals nothing,
//   so a second `up` snapshots nothing. A new slot replaces the resource and signals again. Delete leaves the rows:
//   Debezium acted on each once.
// Dynamic providers: the SDK serialises them, so the run-time code requires `pg` and `cdc-kafka` inside the functions.
import * as pulumi from "@pulumi/pulumi";
import type { Client } from "pg";

/** How Pulumi reaches the database (from where it runs). */
export interface DatabaseConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** `<schema>.<table>` as a quoted identifier. */
function quotedTable(client: Client, table: string): string {
  return table.split(".").map((part) => client.escapeIdentifier(part)).join(".");
}

/** Runs `work` on a connection of its own, closed afterwards. */
async function withClient<T>(connection: DatabaseConnection, work: (client: Client) => Promise<T>): Promise<T> {
  const pg: typeof import("pg") = require("pg");
  const { host, port, database, user, password } = connection;
  const client = new pg.Client({ host, port, database, user, password });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A diff: a change of `replaceOn` asks for the resource again (a replace); one of `updateOn` or of the connection's own
 * details (host, port, user, password) is an update.
 */
function diffOn<T extends DatabaseConnection>(replaceOn: Array<keyof T & string>, updateOn: Array<keyof T & string> = []): pulumi.dynamic.ResourceProvider<T, T>["diff"] {
  return async (_id, olds, news) => {
    const differs = (key: keyof T & string) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
    const replaces = replaceOn.filter(differs);
    const updates: Array<keyof T & string> = [...updateOn, "host", "port", "user", "password"];
    return { changes: replaces.length > 0 || updates.some(differs), replaces };
  };
}

export interface CapturedTablesCheckInputs extends DatabaseConnection {
  /** The captured tables, `<schema>.<table>`. */
  tables: string[];
  /** The signal table, `<schema>.<table>`. */
  signalTable: string;
}

/** Exported for its unit test; a program uses CapturedTablesCheck. */
export const capturedTablesCheckProvider: pulumi.dynamic.ResourceProvider<CapturedTablesCheckInputs, CapturedTablesCheckInputs> = {
  diff: diffOn<CapturedTablesCheckInputs>(["tables", "signalTable", "database"]),
  async create(inputs) {
    const rows = await withClient(inputs, async (client) =>
      (
        await client.query<{ name: string; present: boolean; keyed: boolean }>(
          `SELECT name, to_regclass(name) IS NOT NULL AS present,
                  EXISTS (SELECT 1 FROM pg_index WHERE indrelid = to_regclass(name) AND indisprimary) AS keyed
             FROM unnest($1::text[]) AS t(name)`,
          [[...inputs.tables, inputs.signalTable]],
        )
      ).rows,
    );
    const captured = rows.filter((row) => inputs.tables.includes(row.name));
    const missing = captured.filter((row) => !row.present).map((row) => row.name);
    if (missing.length > 0) {
      throw new Error(`The captured tables ${missing.join(", ")} do not exist in database ${inputs.database}; declare topics only for tables that exist.`);
    }
    const unkeyed = captured.filter((row) => !row.keyed).map((row) => row.name);
    if (unkeyed.length > 0) {
      throw new Error(`The captured tables ${unkeyed.join(", ")} have no primary key, which Debezium's incremental snapshot reads by; add one.`);
    }
    if (!rows.some((row) => row.name === inputs.signalTable && row.present)) {
      throw new Error(`Debezium's signal table ${inputs.signalTable} does not exist in database ${inputs.database}; create it before the connector starts.`);
    }
    return { id: `${inputs.database}:${inputs.tables.join(",")}`, outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

/** The captured tables and the signal table, checked before the connector is made (see the file's head). */
export class CapturedTablesCheck extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs<CapturedTablesCheckInputs>, opts?: pulumi.CustomResourceOptions) {
    super(capturedTablesCheckProvider, name, { ...args, password: pulumi.secret(args.password) }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }), "cdc-pipeline", "CapturedTablesCheck");
  }
}

export interface SnapshotSignalInputs extends DatabaseConnection {
  /** The replication slot of the connector that must see the signal. */
  slotName: string;
  /** The signal table, `<schema>.<table>`. */
  table: string;
  /** The captured tables, `<schema>.<table>`. */
  tables: string[];
}

/** What the state keeps: the inputs and the id of the last signal this resource inserted. */
export interface SnapshotSignalOutputs extends SnapshotSignalInputs {
  lastSignalId: string;
}

/**
 * Inserts the signal for `tables` once the connector's slot exists: a row committed before the slot is never decoded,
 * and the connector would stream without a snapshot. A row of the same id (a slot name used before on this database)
 * is replaced, so the insert is always a new row Debezium decodes. Returns the signal's id.
 */
async function sendSignal(inputs: SnapshotSignalInputs, tables: string[]): Promise<string> {
  const { snapshotSignal }: typeof import("cdc-kafka") = require("cdc-kafka");
  const signal = snapshotSignal(inputs.slotName, tables);
  await withClient(inputs, async (client) => {
    const slot = await client.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()", [inputs.slotName]);
    if (slot.rowCount === 0) {
      throw new Error(`The replication slot ${inputs.slotName} does not exist in database ${inputs.database} yet, so the connector would never see the snapshot signal; start the connector first.`);
    }
    const table = quotedTable(client, inputs.table);
    await client.query("BEGIN");
    try {
      await client.query(`DELETE FROM ${table} WHERE id = $1`, [signal.id]);
      await client.query(`INSERT INTO ${table} (id, type, data) VALUES ($1, $2, $3)`, [signal.id, signal.type, signal.data]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
  return signal.id;
}

/** Exported for its unit test; a program uses SnapshotSignal. */
export const snapshotSignalProvider: pulumi.dynamic.ResourceProvider<SnapshotSignalInputs, SnapshotSignalOutputs> = {
  // Another slot, signal table or database asks for the whole snapshot again; another table list is an update.
  diff: diffOn<SnapshotSignalInputs>(["slotName", "table", "database"], ["tables"]),
  async create(inputs) {
    const lastSignalId = await sendSignal(inputs, inputs.tables);
    return { id: inputs.slotName, outs: { ...inputs, lastSignalId } };
  },
  async update(_id, olds, news) {
    // Only the tables added since the last signal are snapshotted; a removed table needs nothing.
    const added = news.tables.filter((table) => !olds.tables.includes(table));
    const lastSignalId = added.length > 0 ? await sendSignal(news, added) : olds.lastSignalId;
    return { outs: { ...news, lastSignalId } };
  },
  async delete() {
    // The rows stay: Debezium acted on each once and never reads them again.
  },
};

/** The connector's first snapshot, and those of tables added later (see the file's head). */
export class SnapshotSignal extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets it; an initialised class field (ES2022) would reset it to undefined.
  /** The id of the last signal inserted (its row in the signal table). */
  declare public readonly lastSignalId: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SnapshotSignalInputs>, opts?: pulumi.CustomResourceOptions) {
    super(snapshotSignalProvider, name, { ...args, password: pulumi.secret(args.password), lastSignalId: undefined }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }), "cdc-pipeline", "SnapshotSignal");
  }
}
