// What the Debezium connector needs of the database, as two Pulumi resources on either side of it:
// - CapturedTablesCheck, before the connector: every captured table exists and has a primary key (the incremental
//   snapshot reads by key), and the signal table exists (it must, before the connector builds its publication). A
//   connector for a missing table would run and capture nothing; this fails `up` with one sentence first.
// - SnapshotSignal, after it: the connector runs with `snapshot.mode=no_data`, so it streams from its replication slot's
//   start, and its first snapshot is an incremental one that this resource asks for by inserting an `execute-snapshot`
//   row into the signal table once the connector runs (its slot exists, so the row is decoded). The signal's id names
//   the slot and the insert does nothing when the row is there, so a second `up` writes nothing and snapshots nothing;
//   a new slot replaces the resource and signals again. Delete leaves the row: Debezium acted on it once.
// Dynamic providers: the SDK serialises them, so the run-time code requires `pg` inside the functions it runs.
import * as pulumi from "@pulumi/pulumi";
import type { DebeziumSignal } from "cdc-kafka";
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

/** The inputs whose change asks for the resource again (a replace); the connection's own details are an update. */
function diffOn<T extends DatabaseConnection>(keys: Array<keyof T & string>): pulumi.dynamic.ResourceProvider<T, T>["diff"] {
  return async (_id, olds, news) => {
    const replaces = keys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    const connection: Array<keyof DatabaseConnection> = ["host", "port", "user", "password"];
    return { changes: replaces.length > 0 || connection.some((key) => olds[key] !== news[key]), replaces };
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
    const captured = rows.filter((row) => row.name !== inputs.signalTable || inputs.tables.includes(row.name));
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
  signal: DebeziumSignal;
}

/** Exported for its unit test; a program uses SnapshotSignal. */
export const snapshotSignalProvider: pulumi.dynamic.ResourceProvider<SnapshotSignalInputs, SnapshotSignalInputs & { inserted: boolean }> = {
  // Only another signal (another slot, other tables) or another table asks for a new row.
  diff: diffOn<SnapshotSignalInputs>(["signal", "table", "slotName", "database"]),
  async create(inputs) {
    const inserted = await withClient(inputs, async (client) => {
      // A row committed before the slot exists is never decoded: the connector would stream without a snapshot.
      const slot = await client.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1", [inputs.slotName]);
      if (slot.rowCount === 0) {
        throw new Error(`The replication slot ${inputs.slotName} does not exist yet, so the connector would never see the snapshot signal; start the connector first.`);
      }
      const { id, type, data } = inputs.signal;
      const result = await client.query(`INSERT INTO ${inputs.table} (id, type, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [id, type, data]);
      return result.rowCount === 1;
    });
    return { id: inputs.signal.id, outs: { ...inputs, inserted } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, inserted: false } };
  },
  async delete() {
    // The row stays: Debezium acted on it once and never reads it again.
  },
};

/** The connector's first snapshot, asked for once (see the file's head). */
export class SnapshotSignal extends pulumi.dynamic.Resource {
  /** Whether this resource's create inserted the row (false: it was there already). */
  public readonly inserted!: pulumi.Output<boolean>;

  constructor(name: string, args: Inputs<SnapshotSignalInputs>, opts?: pulumi.CustomResourceOptions) {
    super(snapshotSignalProvider, name, { ...args, password: pulumi.secret(args.password), inserted: undefined }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }), "cdc-pipeline", "SnapshotSignal");
  }
}
