// One fault run of the CDC pipeline: a connector of its own (the deployed connector's config with its own topic
// prefix, replication slot and publication, so every run starts from "no offset yet"), multi-row, multi-table
// transactions committed at a steady rate through the fault, and a read_committed reader that indexes every change
// event, so the run ends in `committed, read, lost, duplicates`. A fault during the first snapshot gets rows of its own
// written before its connector starts, which only that snapshot can deliver (as `op: r` reads): the incremental snapshot
// the deployed config takes when signalled (as the example signals it), or, as a control, Debezium's `initial` snapshot.
import { Admin } from "kafkajs";
import { Client } from "pg";
import { DEBEZIUM_SIGNAL_TABLE, type DebeziumSignal, publicationName, snapshotSignal } from "../../components/debeziumConnectorConfig";
import { kafkaClient } from "../../components/kafkajsClient";
import { connectApi } from "../../support/connectApi";
import { uniqueId } from "../../support/ids";
import { ChangeEvent, ChangeReader, CommittedChange, deliveryFigures, Table, TABLES, writeTransactions, WrittenTransactions } from "../../support/pipeline";
import { sleep, waitFor } from "../../support/waitFor";

interface ConnectorStatus {
  connector: { state: string };
  tasks: Array<{ state: string; trace?: string }>;
}

/** The connector and every task RUNNING (at least one task). */
export async function isRunning(connectUrl: string, connector: string): Promise<boolean> {
  const status = await connectApi<ConnectorStatus>(`${connectUrl}/connectors/${connector}/status`).catch(() => undefined);
  return status?.connector.state === "RUNNING" && status.tasks.length > 0 && status.tasks.every((task) => task.state === "RUNNING");
}

/** What a run needs of the deployed pipeline. */
export interface PipelineUnderTest {
  connectUrl: string;
  /** The example's own connector, whose config each run copies. */
  connectorName: string;
  /** Connect's group id; its offsets live in `<groupId>.offsets`. */
  connectGroupId: string;
  hostBootstrapServers: string;
  postgres: () => Promise<Client>;
}

/** The fault that lands while the run's connector takes its first snapshot of rows written before it started. */
export const DURING_SNAPSHOT = "during the first snapshot of a pre-filled table";

/**
 * A fault, over when `inject` resolves (the container healthy again, the network back), with the moment what it hit
 * came back (the container started again, the network reconnected): nothing can flow before that.
 */
export interface Fault {
  name: string;
  /**
   * Before the first offset flush of the run's connector, or after it (a time after the connector runs); or during its
   * first snapshot (once the reader has read some of the rows written for the run before the connector started).
   */
  when: "before the first offset flush" | "after the first offset flush" | typeof DURING_SNAPSHOT;
  inject: () => Promise<{ backAt: number }>;
  /** Whether the writer's transactions fail while it lasts (the database itself is the fault). */
  hitsDatabase: boolean;
  /**
   * For a fault during the snapshot: the deployed config's incremental snapshot, started by a signal once the connector
   * runs (the default), or Debezium's `initial` snapshot at start (`snapshot.mode=initial`, no signal), the control.
   */
  snapshot?: "incremental" | "initial";
}

export interface FaultRun {
  committed: number;
  read: number;
  lost: number;
  duplicates: number;
  /** Records the reader got twice (its own re-read after a rejoin; not in `duplicates`: see ChangeReader). */
  readerRereads: number;
  /** Transactions committed, and those that failed while the database was away. */
  transactions: number;
  failedTransactions: number;
  /** Offset records of the run's connector in Connect's offsets topic written before the fault. */
  offsetRecordsBeforeFault: number;
  /** Change events of the run read between the fault (plus IN_FLIGHT_MS for what was in flight) and what it hit coming back. */
  readDuringOutage: number;
  /** The gap the fault made in the stream, as the reader saw it (readGap). */
  gap: ReadGap;
  outageSeconds: number;
  /** From recovery to the last change of the run read. */
  lastReadAfterRecoverySeconds: number;
  /** Commits after recovery. */
  committedAfterRecovery: number;
  lostSample: string[];
  /** Why the wait for the committed changes ended (deliveryWaitEnd). */
  waitEnded: DeliveryWaitEnd;
  /** How long it lasted, from the writer's stop. */
  waitSeconds: number;
  /** Lost changes whose row was read as a snapshot read (op r): delivered only as the row's state, not as its own event. */
  lostReadAsSnapshot: number;
  /** When the first and the last lost change were committed, in seconds from the fault; undefined with none lost. */
  lostCommittedSeconds?: { first: number; last: number };
  /** The rows written before the connector started, for a fault during the first snapshot. */
  snapshot?: SnapshotFigures;
}

const TRANSACTIONS_PER_SECOND = 8;
const MAX_ROWS = 10;
/** Faults after the first flush land this long after the connector runs: past Connect's 10 s at-least-once flush. */
const AFTER_FIRST_FLUSH_MS = 13_000;
/** Faults before the first flush land this long after the connector runs (its first flush is 10 s after the task starts). */
const BEFORE_FIRST_FLUSH_MS = 3_000;
/** How long the writer goes on after recovery. */
const WRITE_AFTER_RECOVERY_MS = 4_000;
/** How long every committed change has to arrive after the writer stops. */
const DELIVERY_DEADLINE_MS = 90_000;
/** Silence on the run's topics, once the connector is past the writer's last commit, that ends the wait (deliveryWaitEnd). */
const QUIET_MS = 5_000;
/** What the pipeline may still deliver after a fault was started: the fault takes a moment to land. */
const IN_FLIGHT_MS = 1_000;
/**
 * Users written before the connector of a fault during the snapshot starts: enough that the snapshot of them takes
 * seconds on this 2-core machine (measured: see the run's figures), so the fault lands inside it. The fault is due
 * once the reader has read one of them, after a writer's commit, and by then Connect has produced more (measured: up
 * to 13,455 of 40,000 and 30,080 of 60,000 before the fault), so there is room for a slower reader under load.
 */
const PREFILLED_ROWS = 100_000;
/** How long the snapshot may take to reach the pre-filled rows before a fault during it gives up (the writer stops). */
const SNAPSHOT_START_LIMIT_MS = 120_000;

/** A row written for the run before its connector started: only the first snapshot can deliver it. */
export interface PrefilledRow {
  table: Table;
  id: number;
}

/** What became of the pre-filled rows (snapshotFigures). */
export interface SnapshotFigures {
  rows: number;
  /** Rows of which a snapshot read was produced (the Kafka record's timestamp) before the fault. */
  producedBeforeFault: number;
  /** Rows read neither as a snapshot read nor as a change event of the row. */
  unread: PrefilledRow[];
  /** Snapshot reads beyond the first of each row: the snapshot's duplicates. */
  readAgain: number;
  /** From the first to the last snapshot read of the rows produced after the fault: the snapshot taken again. */
  secondsAfterFault: number;
}

/**
 * The pre-filled rows in the events read. A row counts as read by a snapshot read (op r) or by any change event of it;
 * events of other rows (earlier runs' rows, read by the same snapshot of the shared tables) are not counted. A fault
 * landed during the snapshot if some, not all, of the rows' snapshot reads were produced before it.
 */
export function snapshotFigures(prefilled: PrefilledRow[], events: ChangeEvent[], faultAt: number): SnapshotFigures {
  const rowKey = (table: string, id: number) => `${table}/${id}`;
  const snapshotReads = new Map(prefilled.map((row) => [rowKey(row.table, row.id), 0]));
  const changed = new Set<string>();
  const producedBeforeFault = new Set<string>();
  // Tracked, not spread into Math.min/max: tens of thousands of arguments overflow the stack.
  let firstAfterFault = Infinity;
  let lastAfterFault = -Infinity;
  for (const event of events) {
    const key = rowKey(event.table, event.key.id);
    const reads = snapshotReads.get(key);
    if (event.tombstone || reads === undefined) continue;
    if (event.op !== "r") {
      changed.add(key);
      continue;
    }
    snapshotReads.set(key, reads + 1);
    const producedAt = event.stages?.recordTimestamp;
    if (producedAt === undefined) continue;
    if (producedAt < faultAt) producedBeforeFault.add(key);
    else {
      firstAfterFault = Math.min(firstAfterFault, producedAt);
      lastAfterFault = Math.max(lastAfterFault, producedAt);
    }
  }
  return {
    rows: prefilled.length,
    producedBeforeFault: producedBeforeFault.size,
    unread: prefilled.filter((row) => snapshotReads.get(rowKey(row.table, row.id)) === 0 && !changed.has(rowKey(row.table, row.id))),
    readAgain: [...snapshotReads.values()].reduce((sum, reads) => sum + Math.max(0, reads - 1), 0),
    secondsAfterFault: lastAfterFault < firstAfterFault ? 0 : (lastAfterFault - firstAfterFault) / 1000,
  };
}

/**
 * The gap a fault makes in the stream, per transaction (its changes share a txId and a commit time): how long the
 * first transaction committed after the fault (and IN_FLIGHT_MS) took from its commit to its first change read, against
 * the slowest such read of the transactions committed while the stream was live (after its first change was read) and
 * read before the fault. A live pipeline reads the one as fast as the others; a stopped one only once it runs again,
 * however quickly its container was started. (Transactions committed before the stream was live wait for the
 * connector's initial snapshot, a delay of the start, not of the fault.)
 */
export interface ReadGap {
  /** Transactions committed while the stream was live and read before the fault. */
  readBeforeFault: number;
  /** Seconds from commit to first read of the slowest of them; NaN when there is none. */
  slowestBeforeFaultSeconds: number;
  /** The same for the first transaction committed after the fault; Infinity if never read as a change, NaN if none. */
  firstAfterFaultSeconds: number;
}

export function readGap(committed: Pick<CommittedChange, "txId" | "committedAt">[], events: ChangeEvent[], faultAt: number): ReadGap {
  const firstRead = new Map<number, number>();
  for (const event of events) {
    if (event.tombstone || event.op === "r" || event.txId === undefined) continue;
    firstRead.set(event.txId, Math.min(firstRead.get(event.txId) ?? Infinity, event.readAt));
  }
  const commits = new Map(committed.map((change) => [change.txId, change.committedAt]));
  const took = (txId: number) => ((firstRead.get(txId) ?? Infinity) - (commits.get(txId) as number)) / 1000;
  const liveAt = Math.min(...firstRead.values());
  const before = [...commits]
    .filter(([txId, at]) => at >= liveAt && at < faultAt && (firstRead.get(txId) ?? Infinity) < faultAt)
    .map(([txId]) => took(txId));
  const after = [...commits].filter(([, at]) => at > faultAt + IN_FLIGHT_MS).sort((a, b) => a[1] - b[1]);
  return {
    readBeforeFault: before.length,
    slowestBeforeFaultSeconds: before.length === 0 ? NaN : Math.max(...before),
    firstAfterFaultSeconds: after.length === 0 ? NaN : took(after[0][0]),
  };
}

/** Why the wait for the committed changes ended: all read, nothing more to come (see deliveryWaitEnd), or the deadline. */
export type DeliveryWaitEnd = "all read" | "past the last commit, then quiet" | "deadline";

/**
 * Whether the wait for committed changes ends now (`at`), and why; undefined while it goes on. It ends when every
 * committed change and every pre-filled row was read. While a pre-filled row is unread it ends only at the deadline: a
 * snapshot still on its way may hold it, however long nothing was read. Otherwise, with changes missing, it ends only
 * (a) at the deadline, or (b) once the connector is past the writer's last commit and nothing at all was read for
 * QUIET_MS. Past the last commit means either every change of the last committed transaction was read as its own
 * event, or a snapshot read (op r) of a row that transaction created was read (that row did not exist before, so the
 * connector re-took its snapshot after the writer's last commit).
 *
 * Why (b) is sound: it ends the wait only while changes are missing, so it can only ever leave a run reporting more
 * lost (its test failing), never hide a loss; and it does not end a wait for changes still on their way. Debezium reads
 * the WAL in commit order and Connect hands each record to one producer in that order, which keeps it per partition;
 * the reader reads each partition in order, and in exactly-once mode sees a record only once its Kafka transaction
 * committed, which comes after every earlier one of the same producer. So once the last transaction's own events are
 * read, the events of every earlier transaction were handed to the producer before them: what can still be on its way
 * is a batch for another partition, a matter of milliseconds, not of QUIET_MS with nothing read on any of the run's
 * topics. After a re-taken snapshot, Debezium streams only what was committed after it (the snapshot holds the rest as
 * reads, which never count as a change's own event), so no missing change can arrive any more at all.
 */
export function deliveryWaitEnd(
  committed: CommittedChange[],
  reader: ChangeReader,
  at: number,
  deadline: number,
  prefilled: PrefilledRow[] = [],
): DeliveryWaitEnd | undefined {
  const prefilledRead = snapshotFigures(prefilled, reader.events, at).unread.length === 0;
  if (prefilledRead && deliveryFigures(committed, reader).lost.length === 0) return "all read";
  if (at >= deadline) return "deadline";
  if (!prefilledRead) return undefined;
  const lastRead = reader.events.length === 0 ? -Infinity : reader.events[reader.events.length - 1].readAt;
  if (committed.length === 0 || at - lastRead < QUIET_MS) return undefined;
  const lastTxId = committed[committed.length - 1].txId;
  const lastTransaction = committed.filter((change) => change.txId === lastTxId);
  const created = new Set(lastTransaction.filter((change) => change.op === "c").map((change) => `${change.table}/${change.id}`));
  const streamedPast = deliveryFigures(lastTransaction, reader).lost.length === 0;
  const snapshotPast = reader.events.some((event) => event.op === "r" && created.has(`${event.table}/${event.key.id}`));
  return streamedPast || snapshotPast ? "past the last commit, then quiet" : undefined;
}

/** The timestamps of `connector`'s records in Connect's offsets topic (read_committed, as Connect reads them). */
async function offsetRecordTimes(admin: Admin, bootstrap: string, offsetsTopic: string, connector: string): Promise<number[]> {
  const ends = await admin.fetchTopicOffsets(offsetsTopic);
  const pending = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const times: number[] = [];
  if (pending.size === 0) return times;
  const consumer = kafkaClient(bootstrap, uniqueId("offsets-reader")).consumer({ groupId: uniqueId("cdc-offsets-reader"), readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: offsetsTopic, fromBeginning: true });
    let done = false;
    const finished = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (String(message.key).startsWith(`["${connector}",`)) times.push(Number(message.timestamp));
          // The last stable offset may stop short of the high watermark by a control record; past it is done too.
          if (Number(message.offset) + 2 >= (pending.get(partition) ?? 0)) pending.delete(partition);
          if (pending.size === 0 && !done) {
            done = true;
            resolve();
          }
        },
      });
    });
    const timedOut = await Promise.race([finished.then(() => false), sleep(30_000).then(() => true)]);
    if (timedOut) throw new Error(`${offsetsTopic} could not be read to its end within 30 s (partitions left: ${[...pending.keys()].join(", ")}).`);
  } finally {
    await consumer.disconnect();
  }
  return times;
}

/** A connector of the run's own on the deployed worker: the example's config with its own topics, slot and publication. */
interface RunConnector {
  prefix: string;
  connector: string;
  topics: string[];
  admin: Admin;
  reader: ChangeReader;
  /** Rows written for the run before its connector started (a fault during the snapshot); removed with the run. */
  prefilled: PrefilledRow[];
}

/** The run's names and clients; nothing is made yet, so whatever startRunConnector gets to can be removed again. */
function newRunConnector(pipeline: PipelineUnderTest): RunConnector {
  const prefix = uniqueId("f").replace(/[^a-z0-9]/g, "");
  const topics = TABLES.map((table) => `${prefix}.public.${table}`);
  return {
    prefix,
    connector: `${prefix}-debezium`,
    topics,
    admin: kafkaClient(pipeline.hostBootstrapServers, uniqueId("fault-run")).admin(),
    reader: new ChangeReader(pipeline.hostBootstrapServers, topics),
    prefilled: [],
  };
}

/** Runs `work` on a database connection of its own, closed afterwards (one opened before a fault may have died with it). */
async function withDatabase<T>(pipeline: PipelineUnderTest, work: (database: Client) => Promise<T>): Promise<T> {
  const database = await pipeline.postgres();
  try {
    return await work(database);
  } finally {
    await database.end();
  }
}

/** Writes PREFILLED_ROWS users tagged with the run's prefix, one statement; they exist before the connector does. */
async function prefill(pipeline: PipelineUnderTest, run: RunConnector): Promise<void> {
  const { rows } = await withDatabase(pipeline, (database) =>
    database.query<{ id: string }>(
      "INSERT INTO users (username, email) SELECT $1 || '-pre-' || g, $1 || '-pre-' || g || '@example.test' FROM generate_series(1, $2) g RETURNING id",
      [run.prefix, PREFILLED_ROWS],
    ),
  );
  run.prefilled = rows.map((row) => ({ table: "users", id: Number(row.id) }));
}

/** The signal that starts the first snapshot of the run's connector, of every table as the example's does. */
function runSignal(run: RunConnector): DebeziumSignal {
  return snapshotSignal(run.prefix, TABLES.map((table) => `public.${table}`));
}

/**
 * Makes the run's topics, starts its reader and its connector, and waits until the connector runs; with pre-filled
 * rows, its first snapshot then starts: by the run's own signal (its slot exists once the connector runs, so the
 * signal is decoded), or at start when the fault's control asks for `snapshot.mode=initial`.
 */
async function startRunConnector(pipeline: PipelineUnderTest, run: RunConnector, fault: Fault): Promise<void> {
  await run.admin.connect();
  await run.admin.createTopics({ topics: run.topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
  await run.reader.start();
  const template = await connectApi<Record<string, string>>(`${pipeline.connectUrl}/connectors/${pipeline.connectorName}/config`);
  const initial = fault.snapshot === "initial";
  const config = {
    ...template,
    name: run.connector,
    "topic.prefix": run.prefix,
    "slot.name": run.prefix,
    "publication.name": publicationName(run.prefix),
    ...(initial ? { "snapshot.mode": "initial" } : {}),
  };
  await connectApi(`${pipeline.connectUrl}/connectors/${run.connector}/config`, "PUT", config);
  await waitFor(() => isRunning(pipeline.connectUrl, run.connector), { timeoutMs: 60_000, intervalMs: 100, what: `connector ${run.connector} RUNNING` });
  if (run.prefilled.length === 0 || initial) return;
  const signal = runSignal(run);
  await withDatabase(pipeline, (database) =>
    database.query(`INSERT INTO ${DEBEZIUM_SIGNAL_TABLE} (id, type, data) VALUES ($1, $2, $3)`, [signal.id, signal.type, signal.data]),
  );
}

/**
 * Removes the run's connector, its slot, publication and topics, and closes its clients; fails if any of them is left.
 * Every step is tried even when one before it failed (a failed connector delete must not leave the slot behind), and
 * the failures are reported together. The database connection is a new one: one opened before the fault died with a
 * restarted Postgres.
 */
async function removeRunConnector(pipeline: PipelineUnderTest, run: RunConnector): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  await attempt("stopping the reader", () => run.reader.stop());
  // A worker that is still rejoining its group after a fault answers 409 for a while; 404 means it is gone (never
  // made, or deleted by a try that timed out).
  await attempt("deleting the connector", () =>
    waitFor(
      () =>
        connectApi(`${pipeline.connectUrl}/connectors/${run.connector}`, "DELETE").then(
          () => true,
          (error: Error) => {
            if (/ answered 404/.test(error.message)) return true;
            throw error;
          },
        ),
      { timeoutMs: 60_000, intervalMs: 1_000, what: `connector ${run.connector} deleted` },
    ),
  );
  await attempt("removing the replication slot and publication", () =>
    withDatabase(pipeline, async (database) => {
      // The slot is busy until the deleted connector's task has stopped.
      await waitFor(
        async () => (await database.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active", [run.prefix])).rowCount === 0,
        { timeoutMs: 60_000, intervalMs: 250, what: `replication slot ${run.prefix} released by the deleted connector` },
      );
      await database.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", [run.prefix]);
      await database.query(`DROP PUBLICATION IF EXISTS ${publicationName(run.prefix)}`);
      const left = await database.query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = $1", [run.prefix]);
      if (left.rowCount !== 0) throw new Error(`replication slot ${run.prefix} is still there after pg_drop_replication_slot`);
    }),
  );
  // The later runs' connectors would take them into their snapshots too.
  if (run.prefilled.length > 0) {
    await attempt("deleting the pre-filled rows and the run's signal", () =>
      withDatabase(pipeline, async (database) => {
        await database.query("DELETE FROM users WHERE id = ANY($1::bigint[])", [run.prefilled.map((row) => row.id)]);
        await database.query(`DELETE FROM ${DEBEZIUM_SIGNAL_TABLE} WHERE id = $1`, [runSignal(run).id]);
      }),
    );
  }
  await attempt("deleting the topics", () => run.admin.deleteTopics({ topics: run.topics }));
  await attempt("closing the admin client", () => run.admin.disconnect());
  if (failures.length > 0) throw new Error(`the run ${run.prefix} was not removed completely: ${failures.join("; ")}`);
}

/**
 * Runs `fault` against a connector of its own: pre-fills rows for a fault during the snapshot, creates its topics and
 * the connector, starts the reader and the writer, injects the fault, writes on past recovery, waits for every
 * committed change and pre-filled row (or until none can come any more, or the deadline: deliveryWaitEnd), and removes
 * the connector, its slot, publication, topics and pre-filled rows again.
 */
export async function faultRun(pipeline: PipelineUnderTest, fault: Fault): Promise<FaultRun> {
  const run = newRunConnector(pipeline);
  let result: FaultRun;
  try {
    if (fault.when === DURING_SNAPSHOT) await prefill(pipeline, run);
    await startRunConnector(pipeline, run, fault);
    result = await observeFault(pipeline, fault, run);
  } catch (error) {
    // The run's own failure is the one to report; a cleanup failing after it is shown beside it.
    await removeRunConnector(pipeline, run).catch((cleanup: Error) => console.error(`cleanup after a failed run of ${fault.name}: ${cleanup.message}`));
    throw error;
  }
  await removeRunConnector(pipeline, run);
  return result;
}

/**
 * Whether the fault is due now: a time after the connector runs, or, during the snapshot, once the reader has read a
 * pre-filled row. Throws when it can no longer land as meant: the snapshot read every pre-filled row before (the
 * snapshot too short for the fault to land inside it) or did not reach them within SNAPSHOT_START_LIMIT_MS.
 */
function faultDue(fault: Fault, run: RunConnector, runningAt: number): () => boolean {
  if (fault.when !== DURING_SNAPSHOT) {
    const faultAt = runningAt + (fault.when === "before the first offset flush" ? BEFORE_FIRST_FLUSH_MS : AFTER_FIRST_FLUSH_MS);
    return () => Date.now() >= faultAt;
  }
  return () => {
    const { rows, unread } = snapshotFigures(run.prefilled, run.reader.events, Date.now());
    if (unread.length === 0) throw new Error(`all ${rows} pre-filled rows were read before the fault could land; pre-fill more (PREFILLED_ROWS).`);
    if (unread.length < rows) return true;
    if (Date.now() - runningAt > SNAPSHOT_START_LIMIT_MS) throw new Error(`none of the ${rows} pre-filled rows was read within ${SNAPSHOT_START_LIMIT_MS / 1000} s of the connector running.`);
    return false;
  };
}

/** The run itself: the writer through the fault, the wait for the committed changes, and the figures. */
async function observeFault(pipeline: PipelineUnderTest, fault: Fault, run: RunConnector): Promise<FaultRun> {
  const { reader, connector, admin, prefix } = run;
  const due = faultDue(fault, run, Date.now());

  let injectedAt = 0;
  let backAt = 0;
  let recoveredAt = 0;
  let injected: Promise<void> | undefined;
  // The writer counts an error thrown in onCommit as a failed transaction and goes on: kept here, it stops the writer.
  let notLanding: Error | undefined;
  const written: WrittenTransactions = await writeTransactions(pipeline.postgres, {
    tag: prefix,
    perSecond: TRANSACTIONS_PER_SECOND,
    maxRows: MAX_ROWS,
    onCommit: () => {
      if (injected !== undefined || notLanding !== undefined) return;
      try {
        if (!due()) return;
      } catch (error) {
        notLanding = error as Error;
        return;
      }
      injectedAt = Date.now();
      injected = fault.inject().then((back) => {
        backAt = back.backAt;
        recoveredAt = Date.now();
      });
    },
    until: () => notLanding !== undefined || (recoveredAt > 0 && Date.now() - recoveredAt >= WRITE_AFTER_RECOVERY_MS),
  });
  if (notLanding !== undefined) throw notLanding;
  await injected;
  const committed = written.committed;
  const waitFrom = Date.now();
  const deadline = waitFrom + DELIVERY_DEADLINE_MS;
  let waitEnded: DeliveryWaitEnd | undefined;
  while ((waitEnded = deliveryWaitEnd(committed, reader, Date.now(), deadline, run.prefilled)) === undefined) await sleep(250);
  const waitSeconds = (Date.now() - waitFrom) / 1000;
  // Duplicates arrive after the originals: give late ones a moment to show.
  await sleep(2_000);
  const figures = deliveryFigures(committed, reader);
  const ours = reader.events.filter((event) => !event.tombstone && event.op !== "r");
  const lastRead = Math.max(...ours.map((event) => event.readAt));
  const offsetTimes = await offsetRecordTimes(admin, pipeline.hostBootstrapServers, `${pipeline.connectGroupId}.offsets`, connector);
  const offsetRecordsBeforeFault = offsetTimes.filter((time) => time < injectedAt).length;
  const snapshotRead = new Set(reader.events.filter((event) => event.op === "r").map((event) => `${event.table}/${event.key.id}`));
  return {
    committed: figures.committed,
    read: figures.read,
    lost: figures.lost.length,
    duplicates: figures.duplicates,
    readerRereads: reader.rereads,
    transactions: written.transactions,
    failedTransactions: written.failed,
    offsetRecordsBeforeFault,
    readDuringOutage: ours.filter((event) => event.readAt > injectedAt + IN_FLIGHT_MS && event.readAt < backAt).length,
    gap: readGap(committed, ours, injectedAt),
    outageSeconds: (recoveredAt - injectedAt) / 1000,
    lastReadAfterRecoverySeconds: (lastRead - recoveredAt) / 1000,
    committedAfterRecovery: committed.filter((change) => change.committedAt > recoveredAt).length,
    lostSample: figures.lost.slice(0, 5).map((change) => `${change.table}/${change.id}/${change.txId}/${change.op}`),
    waitEnded,
    waitSeconds,
    lostReadAsSnapshot: figures.lost.filter((change) => snapshotRead.has(`${change.table}/${change.id}`)).length,
    lostCommittedSeconds:
      figures.lost.length === 0
        ? undefined
        : {
            first: (figures.lost.reduce((at, change) => Math.min(at, change.committedAt), Infinity) - injectedAt) / 1000,
            last: (figures.lost.reduce((at, change) => Math.max(at, change.committedAt), -Infinity) - injectedAt) / 1000,
          },
    snapshot: run.prefilled.length === 0 ? undefined : snapshotFigures(run.prefilled, reader.events, injectedAt),
  };
}

/** One line of figures, as the fault tables report them. */
export function faultLine(mode: string, fault: Fault, run: FaultRun): string {
  return (
    `${mode}, ${fault.name} ${fault.when}${fault.snapshot === "initial" ? " (snapshot.mode=initial)" : ""}: committed ${run.committed}, read ${run.read}, lost ${run.lost}, duplicates ${run.duplicates} (reader re-reads ${run.readerRereads}), ` +
    (run.lostCommittedSeconds === undefined
      ? ""
      : `lost committed ${run.lostCommittedSeconds.first.toFixed(1)} s to ${run.lostCommittedSeconds.last.toFixed(1)} s from the fault, ` +
        `${run.lostReadAsSnapshot} of them read only as snapshot reads, `) +
    (run.snapshot === undefined
      ? ""
      : `snapshot duplicates ${run.snapshot.readAgain} (${run.snapshot.rows} pre-filled rows: ${run.snapshot.producedBeforeFault} produced before the fault, ` +
        `${run.snapshot.unread.length} unread, snapshot after the fault ${run.snapshot.secondsAfterFault.toFixed(1)} s), `) +
    `last change read ${run.lastReadAfterRecoverySeconds.toFixed(1)} s after recovery (outage ${run.outageSeconds.toFixed(1)} s, ` +
    `${run.transactions} transactions, ${run.failedTransactions} failed, ${run.offsetRecordsBeforeFault} offset records before the fault; ` +
    `commit to first read: first transaction after the fault ${run.gap.firstAfterFaultSeconds.toFixed(1)} s, ` +
    `slowest of the ${run.gap.readBeforeFault} before it ${run.gap.slowestBeforeFaultSeconds.toFixed(1)} s; ` +
    `wait after the writer stopped: ${run.waitSeconds.toFixed(1)} s, ended: ${run.waitEnded})`
  );
}
