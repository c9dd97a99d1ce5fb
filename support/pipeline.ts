// The CDC pipeline from both ends: writers that commit row changes to the video platform's tables (one change per
// transaction, or multi-row, multi-table transactions with inserts, updates and deletes) and remember each change by
// (table, primary key, transaction id, operation), and a reader of the Debezium topics that indexes every change event
// by (table, key, transaction id, LSN), so "every committed change was read, once" is a comparison of the two. A
// snapshot read (`op: r`) never stands for an insert or an update.
import { Consumer, EachMessagePayload } from "kafkajs";
import { Client } from "pg";
import { kafkaClient } from "../components/kafkajsClient";
import { uniqueId } from "./ids";

export const TABLES = ["users", "videos", "comments"] as const;
export type Table = (typeof TABLES)[number];
/** The operations of a change event: create, update, delete, and a snapshot read. */
export type ChangeOp = "c" | "u" | "d" | "r";

/** A Debezium change event (JSON converter, schemas off) or the tombstone after a delete. */
export interface ChangeEvent {
  table: string;
  key: { id: number };
  op?: ChangeOp;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  txId?: number;
  /** The change's position in the WAL: two changes of one row in one transaction differ here. */
  lsn?: number;
  /** True for the tombstone (null value) that follows a delete. */
  tombstone: boolean;
  /** When this reader got it (ms since the epoch). */
  readAt: number;
  /**
   * Where the time between commit and read went, on the host's clock (all containers share it): the source
   * transaction's commit time in Postgres (`source.ts_us`), when Debezium built the event (`ts_us`), and the Kafka
   * record's timestamp — CreateTime set by Connect's producer at send(), since Debezium passes none (ms).
   */
  stages?: { sourceTsUs?: number; eventTsUs?: number; recordTimestamp?: number };
  /** The Kafka record it came in: one record read twice is the reader's re-read, not a duplicate the pipeline wrote. */
  record?: { topic: string; partition: number; offset: string };
}

/** A row's changes in one transaction: the unit both ends index by. */
export function changeKey(table: string, id: number, txId: number): string {
  return `${table}/${id}/${txId}`;
}

export function parseChangeEvent(payload: EachMessagePayload, readAt = Date.now()): ChangeEvent {
  const table = payload.topic.split(".").pop() as string;
  const key = JSON.parse(String(payload.message.key)) as { id: number };
  const record = { topic: payload.topic, partition: payload.partition, offset: payload.message.offset };
  if (payload.message.value === null) return { table, key, tombstone: true, readAt, record };
  const value = JSON.parse(String(payload.message.value)) as {
    op: ChangeEvent["op"];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    source: { txId?: number; lsn?: number; ts_us?: number };
    ts_us?: number;
  };
  const stages = { sourceTsUs: value.source.ts_us, eventTsUs: value.ts_us, recordTimestamp: Number(payload.message.timestamp) };
  return { table, key, op: value.op, before: value.before, after: value.after, txId: value.source.txId, lsn: value.source.lsn, tombstone: false, readAt, stages, record };
}

/** The streamed events (c, u, d) read of one row in one transaction: per LSN, its operation and how often it was read. */
type ReadChanges = Map<number, { op: ChangeOp; reads: number }>;

/**
 * Reads the CDC topics from the beginning with a group of its own (named `cdc-reader-…`, so a secured stack's consumer
 * principal may use it) and keeps every event; read_committed, as the library's consumer settings say, so records of
 * aborted transactions never count. On a secured stack pass its consumerConfig output as `config`. It never restarts
 * and never needs the group's committed offsets, so `commitOffsets: false` spares kafkajs' OffsetCommit round trip
 * after every partition batch (awaited, one batch after another, before the next fetch); the default keeps kafkajs'
 * per-batch commits, as an application reader has them. A record it gets again (the same topic, partition and offset:
 * a batch whose offset commit died with the group coordinator, fetched again after the rejoin) is counted in `rereads`
 * and kept out of `events`: a duplicate the pipeline wrote is another record, at another offset, and still counts.
 */
export class ChangeReader {
  readonly events: ChangeEvent[] = [];
  /** The streamed events by changeKey, then by LSN. */
  readonly streamed = new Map<string, ReadChanges>();
  /** Records got a second time (see above). */
  rereads = 0;
  private readonly records = new Set<string>();
  private consumer?: Consumer;

  constructor(
    private readonly bootstrapServers: string,
    private readonly topics: string[],
    private readonly config?: Record<string, string>,
    private readonly options: { commitOffsets?: boolean } = {},
  ) {}

  async start(): Promise<void> {
    const kafka = kafkaClient(this.bootstrapServers, uniqueId("cdc-reader"), this.config);
    this.consumer = kafka.consumer({ groupId: uniqueId("cdc-reader"), readUncommitted: false, retry: { retries: 1_000, maxRetryTime: 5_000 } });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({ autoCommit: this.options.commitOffsets ?? true, eachMessage: async (payload) => this.add(parseChangeEvent(payload)) });
  }

  add(event: ChangeEvent): void {
    if (event.record !== undefined) {
      const record = `${event.record.topic}/${event.record.partition}/${event.record.offset}`;
      if (this.records.has(record)) {
        this.rereads++;
        return;
      }
      this.records.add(record);
    }
    this.events.push(event);
    if (event.tombstone || event.op === "r" || event.op === undefined || event.txId === undefined || event.lsn === undefined) return;
    const key = changeKey(event.table, event.key.id, event.txId);
    const ofRow = this.streamed.get(key) ?? new Map();
    this.streamed.set(key, ofRow);
    const read = ofRow.get(event.lsn) ?? { op: event.op, reads: 0 };
    read.reads++;
    ofRow.set(event.lsn, read);
  }

  /** Forgets every event read so far. */
  clear(): void {
    this.events.length = 0;
    this.streamed.clear();
    this.records.clear();
    this.rereads = 0;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** The events of one row, in the order they were read. */
  eventsOf(table: string, id: number): ChangeEvent[] {
    return this.events.filter((event) => event.table === table && event.key.id === id);
  }
}

/** One committed row change. */
export interface CommittedChange {
  table: Table;
  id: number;
  txId: number;
  op: Exclude<ChangeOp, "r">;
  committedAt: number;
}

export async function connectPostgres(url: string, password: string): Promise<Client> {
  // The stack's postgresUrl names no password (it is a secret); the client gets it apart.
  const { hostname, port, username, pathname } = new URL(url);
  const client = new Client({ host: hostname, port: Number(port), user: username, database: pathname.slice(1), password });
  await client.connect();
  return client;
}

/**
 * Commits row changes one transaction each, in a cycle over the three tables (a user, a video of it, a comment on
 * it, an update of the video's title), until `until()` says stop. Paced to `perSecond`, so the changes span a fault.
 */
export async function writeChanges(
  client: Client,
  options: { tag: string; perSecond: number; until: (committed: CommittedChange[]) => boolean; onCommit?: (count: number) => void },
): Promise<CommittedChange[]> {
  const committed: CommittedChange[] = [];
  const started = Date.now();
  const commit = async (table: Table, sql: string, params: unknown[]): Promise<number> => {
    const { rows } = await client.query<{ id: string; tx: string }>(`${sql} RETURNING id, txid_current()::text AS tx`, params);
    const id = Number(rows[0].id);
    committed.push({ table, id, txId: Number(rows[0].tx), op: sql.startsWith("INSERT") ? "c" : "u", committedAt: Date.now() });
    options.onCommit?.(committed.length);
    return id;
  };
  for (let n = 0; !options.until(committed); n++) {
    const user = await commit("users", "INSERT INTO users (username, email) VALUES ($1, $2)", [`${options.tag}-${n}`, `${options.tag}-${n}@example.test`]);
    const video = await commit("videos", "INSERT INTO videos (user_id, title) VALUES ($1, $2)", [user, `video ${n}`]);
    await commit("comments", "INSERT INTO comments (video_id, user_id, body) VALUES ($1, $2, $3)", [video, user, `comment ${n}`]);
    await commit("videos", "UPDATE videos SET title = $2, duration_seconds = $3 WHERE id = $1", [video, `video ${n} (edited)`, n]);
    const ahead = committed.length * (1000 / options.perSecond) - (Date.now() - started);
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
  }
  return committed;
}

/**
 * Lost = committed and never read as an event of its own (a snapshot read does not count); duplicates = extra reads of
 * the same change (same row, transaction and LSN). Events of changes nobody committed here are not counted.
 */
export function deliveryFigures(committed: CommittedChange[], reader: ChangeReader): { committed: number; read: number; lost: CommittedChange[]; duplicates: number } {
  const byRow = new Map<string, CommittedChange[]>();
  for (const change of committed) {
    const key = changeKey(change.table, change.id, change.txId);
    byRow.set(key, [...(byRow.get(key) ?? []), change]);
  }
  let read = 0;
  let duplicates = 0;
  const lost: CommittedChange[] = [];
  for (const [key, changes] of byRow) {
    const reads = [...(reader.streamed.get(key)?.values() ?? [])];
    const unmatched = reads.map((r) => r.op);
    for (const change of changes) {
      const at = unmatched.indexOf(change.op);
      if (at < 0) lost.push(change);
      else {
        unmatched.splice(at, 1);
        read++;
      }
    }
    duplicates += reads.reduce((sum, r) => sum + r.reads - 1, 0);
  }
  return { committed: committed.length, read, lost, duplicates };
}

/** What writeTransactions did: the changes of every transaction whose COMMIT returned, and the tries that failed. */
export interface WrittenTransactions {
  committed: CommittedChange[];
  transactions: number;
  /** Transactions that failed (the database went away mid-way); their changes are not in `committed`. */
  failed: number;
}

/**
 * The changes of one transaction of `rows` users, a video of each and a comment on each, an update of each video, an
 * update of the first user and the delete of the first comment: 4 × rows + 2 changes in three tables, two of them on
 * a row the same transaction created.
 */
async function commitTransaction(client: Client, tag: string, rows: number): Promise<CommittedChange[]> {
  await client.query("BEGIN");
  try {
    const txId = Number((await client.query<{ tx: string }>("SELECT txid_current()::text AS tx")).rows[0].tx);
    const ids = async (sql: string, params: unknown[]) => (await client.query<{ id: string }>(sql, params)).rows.map((row) => Number(row.id));
    const users = await ids("INSERT INTO users (username, email) SELECT $1 || '-' || g, $1 || '-' || g || '@example.test' FROM generate_series(1, $2) g RETURNING id", [tag, rows]);
    const videos = await ids("INSERT INTO videos (user_id, title) SELECT u, 'video of ' || u FROM unnest($1::bigint[]) u RETURNING id", [users]);
    const comments = await ids("INSERT INTO comments (video_id, user_id, body) SELECT v, u, 'first!' FROM unnest($1::bigint[], $2::bigint[]) AS t(v, u) RETURNING id", [videos, users]);
    const edited = await ids("UPDATE videos SET title = title || ' (edited)', duration_seconds = $2 WHERE id = ANY($1) RETURNING id", [videos, rows]);
    await client.query("UPDATE users SET email = $2 WHERE id = $1", [users[0], `${tag}@video.test`]);
    await client.query("DELETE FROM comments WHERE id = $1", [comments[0]]);
    await client.query("COMMIT");
    const committedAt = Date.now();
    const change = (table: Table, op: CommittedChange["op"]) => (id: number) => ({ table, id, txId, op, committedAt });
    return [
      ...users.map(change("users", "c")),
      ...videos.map(change("videos", "c")),
      ...comments.map(change("comments", "c")),
      ...edited.map(change("videos", "u")),
      change("users", "u")(users[0]),
      change("comments", "d")(comments[0]),
    ];
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * Commits multi-row, multi-table transactions (commitTransaction, 1 to `maxRows` rows per table, cycling) at
 * `perSecond` transactions a second until `until()` says stop. A transaction that fails because the database went
 * away is counted as failed, not committed, and the writer reconnects (every 200 ms) and goes on, so it spans a
 * restart of the database too.
 */
export async function writeTransactions(
  connect: () => Promise<Client>,
  options: { tag: string; perSecond: number; maxRows: number; until: (written: WrittenTransactions) => boolean; onCommit?: (written: WrittenTransactions) => void },
): Promise<WrittenTransactions> {
  const written: WrittenTransactions = { committed: [], transactions: 0, failed: 0 };
  const started = Date.now();
  let client: Client | undefined;
  try {
    for (let n = 0; !options.until(written); n++) {
      try {
        client ??= await connect();
        written.committed.push(...(await commitTransaction(client, `${options.tag}-${n}`, 1 + (n % options.maxRows))));
        written.transactions++;
        options.onCommit?.(written);
      } catch {
        written.failed++;
        await client?.end().catch(() => undefined);
        client = undefined;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const ahead = (written.transactions + written.failed) * (1000 / options.perSecond) - (Date.now() - started);
      if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
    }
  } finally {
    await client?.end().catch(() => undefined);
  }
  return written;
}
