// The signal that starts the connector's first snapshot: the connector runs with `snapshot.mode=no_data`, so it
// streams from its replication slot's start, and its first snapshot is an incremental one that this resource asks for
// by inserting an `execute-snapshot` row into Debezium's signal table, once the connector runs (its slot exists, so the
// row is decoded). The signal's id names the slot and the insert does nothing when the row is there, so a second `up`
// writes nothing and snapshots nothing; a new slot replaces the resource and signals again. Delete leaves the row: it is
// the record of a signal Debezium already acted on.
// A dynamic provider: the SDK serialises it, so the run-time code requires `pg` inside the function it runs.
import * as pulumi from "@pulumi/pulumi";
import type { DebeziumSignal } from "cdc-kafka";

export interface SnapshotSignalInputs {
  /** The database as reached from where Pulumi runs. */
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The replication slot of the connector that must see the signal. */
  slotName: string;
  /** The signal table, `<schema>.<table>`. */
  table: string;
  signal: DebeziumSignal;
}

export interface SnapshotSignalArgs {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  database: pulumi.Input<string>;
  user: pulumi.Input<string>;
  /** Kept secret in state. */
  password: pulumi.Input<string>;
  slotName: pulumi.Input<string>;
  table: pulumi.Input<string>;
  signal: pulumi.Input<DebeziumSignal>;
}

/** Exported for its unit test; a program uses SnapshotSignal. */
export const snapshotSignalProvider: pulumi.dynamic.ResourceProvider<SnapshotSignalInputs, SnapshotSignalInputs & { inserted: boolean }> = {
  async diff(_id, olds, news) {
    // Only another signal (another slot, other tables) or another table asks for a new row; a new password or port
    // reaches the same database.
    const replaces = (["signal", "table", "slotName", "database"] as const).filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    const changes = replaces.length > 0 || olds.host !== news.host || olds.port !== news.port || olds.user !== news.user || olds.password !== news.password;
    return { changes, replaces };
  },
  async create(inputs) {
    const pg: typeof import("pg") = require("pg");
    const client = new pg.Client({ host: inputs.host, port: inputs.port, database: inputs.database, user: inputs.user, password: inputs.password });
    await client.connect();
    try {
      // A row committed before the slot exists is never decoded: the connector would stream without a snapshot.
      const slot = await client.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1", [inputs.slotName]);
      if (slot.rowCount === 0) {
        throw new Error(`The replication slot ${inputs.slotName} does not exist yet, so the connector would never see the snapshot signal; start the connector first.`);
      }
      const { id, type, data } = inputs.signal;
      const result = await client.query(`INSERT INTO ${inputs.table} (id, type, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [id, type, data]);
      return { id, outs: { ...inputs, inserted: result.rowCount === 1 } };
    } finally {
      await client.end();
    }
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

  constructor(name: string, args: SnapshotSignalArgs, opts?: pulumi.CustomResourceOptions) {
    super(snapshotSignalProvider, name, { ...args, password: pulumi.secret(args.password), inserted: undefined }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }));
  }
}
