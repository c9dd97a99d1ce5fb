// The CDC pipeline from both ends: a writer that commits row changes to the video platform's tables and remembers each
// one by (table, primary key, transaction id), and a reader of the Debezium topics that indexes every change event
// the same way, so "every committed change was read" is a set difference.
import { Consumer, EachMessagePayload } from "kafkajs";
import { Client } from "pg";
import { kafkaClient } from "../components/kafkajsClient";
import { uniqueId } from "./ids";

export const TABLES = ["users", "videos", "comments"] as const;
export type Table = (typeof TABLES)[number];

/** A Debezium change event (JSON converter, schemas off) or the tombstone after a delete. */
export interface ChangeEvent {
  table: string;
  key: { id: number };
  op?: "c" | "u" | "d" | "r";
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  txId?: number;
  /** True for the tombstone (null value) that follows a delete. */
  tombstone: boolean;
  /** When this reader got it (ms since the epoch). */
  readAt: number;
}

export function changeKey(table: string, id: number, txId: number): string {
  return `${table}/${id}/${txId}`;
}

export function parseChangeEvent(payload: EachMessagePayload, readAt = Date.now()): ChangeEvent {
  const table = payload.topic.split(".").pop() as string;
  const key = JSON.parse(String(payload.message.key)) as { id: number };
  if (payload.message.value === null) return { table, key, tombstone: true, readAt };
  const value = JSON.parse(String(payload.message.value)) as {
    op: ChangeEvent["op"];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    source: { txId?: number };
  };
  return { table, key, op: value.op, before: value.before, after: value.after, txId: value.source.txId, tombstone: false, readAt };
}

/**
 * Reads the CDC topics from the beginning with a group of its own (named `cdc-reader-…`, so a secured stack's consumer
 * principal may use it) and keeps every event. On a secured stack pass its consumerConfig output as `config`.
 */
export class ChangeReader {
  readonly events: ChangeEvent[] = [];
  /** How often each (table, id, txId) was read. */
  readonly counts = new Map<string, number>();
  private consumer?: Consumer;

  constructor(
    private readonly bootstrapServers: string,
    private readonly topics: string[],
    private readonly config?: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    const kafka = kafkaClient(this.bootstrapServers, uniqueId("cdc-reader"), this.config);
    this.consumer = kafka.consumer({ groupId: uniqueId("cdc-reader"), retry: { retries: 1_000, maxRetryTime: 5_000 } });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async (payload) => {
        const event = parseChangeEvent(payload);
        this.events.push(event);
        if (!event.tombstone && event.txId !== undefined) {
          const key = changeKey(event.table, event.key.id, event.txId);
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        }
      },
    });
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
    committed.push({ table, id, txId: Number(rows[0].tx), committedAt: Date.now() });
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

/** Lost = committed and never read; duplicates = extra reads of committed changes. */
export function deliveryFigures(committed: CommittedChange[], reader: ChangeReader): { committed: number; read: number; lost: CommittedChange[]; duplicates: number } {
  let read = 0;
  let duplicates = 0;
  const lost: CommittedChange[] = [];
  for (const change of committed) {
    const count = reader.counts.get(changeKey(change.table, change.id, change.txId)) ?? 0;
    if (count === 0) lost.push(change);
    else read++;
    duplicates += Math.max(0, count - 1);
  }
  return { committed: committed.length, read, lost, duplicates };
}
