// When a fault run stops waiting for its committed changes (tests/helpers/pipelineFaults.ts deliveryWaitEnd), on
// made-up commits and reads: at once when all were read; with some missing, only at the deadline or once the connector
// is past the writer's last commit (that transaction read, or a snapshot taken after it) and nothing was read for 5 s.
import { ChangeReader, CommittedChange, deliveryFigures } from "../../support/pipeline";
import { deliveryWaitEnd } from "../helpers/pipelineFaults";

const NOW = 1_000_000;
const DEADLINE = NOW + 60_000;

/** Two transactions: 7 (a user created) and 8, the last (a user and its video created, the video updated). */
const COMMITTED: CommittedChange[] = [
  { table: "users", id: 1, txId: 7, op: "c", committedAt: NOW - 20_000 },
  { table: "users", id: 2, txId: 8, op: "c", committedAt: NOW - 19_000 },
  { table: "videos", id: 5, txId: 8, op: "c", committedAt: NOW - 19_000 },
  { table: "videos", id: 5, txId: 8, op: "u", committedAt: NOW - 19_000 },
];

/** A reader that read `changes` as their own events (LSN by position), `readAt` each. */
function reader(changes: CommittedChange[], readAt: number, snapshotReads: Array<{ table: string; id: number }> = []): ChangeReader {
  const read = new ChangeReader("localhost:9092", []);
  changes.forEach((change, n) => read.add({ table: change.table, key: { id: change.id }, op: change.op, txId: change.txId, lsn: 100 + n, tombstone: false, readAt }));
  for (const row of snapshotReads) read.add({ table: row.table, key: { id: row.id }, op: "r", txId: 99, lsn: 90, tombstone: false, readAt });
  return read;
}

test("every committed change read: the wait ends at once, whatever was read last", () => {
  expect(deliveryWaitEnd(COMMITTED, reader(COMMITTED, NOW - 1), NOW, DEADLINE)).toBe("all read");
});

test("a change missing and the last transaction read: the wait goes on until 5 s passed with nothing read", () => {
  const lastOnly = reader(COMMITTED.slice(1), NOW - 4_999);
  expect(deliveryWaitEnd(COMMITTED, lastOnly, NOW, DEADLINE)).toBeUndefined();
  expect(deliveryWaitEnd(COMMITTED, lastOnly, NOW + 1, DEADLINE)).toBe("past the last commit, then quiet");
});

test("a change missing and the last transaction only partly read: quiet alone does not end the wait, the deadline does", () => {
  const partly = reader(COMMITTED.slice(0, 3), NOW - 30_000);
  expect(deliveryWaitEnd(COMMITTED, partly, NOW, DEADLINE)).toBeUndefined();
  expect(deliveryWaitEnd(COMMITTED, partly, DEADLINE, DEADLINE)).toBe("deadline");
  expect(deliveryWaitEnd(COMMITTED, reader([], NOW - 30_000), NOW, DEADLINE)).toBeUndefined();
});

test("a snapshot read of a row the last transaction created ends the wait after the quiet; of an older row, not", () => {
  expect(deliveryWaitEnd(COMMITTED, reader([], NOW - 5_000, [{ table: "videos", id: 5 }]), NOW, DEADLINE)).toBe("past the last commit, then quiet");
  expect(deliveryWaitEnd(COMMITTED, reader([], NOW - 5_000, [{ table: "users", id: 1 }]), NOW, DEADLINE)).toBeUndefined();
  // Same id, another table: not that row.
  expect(deliveryWaitEnd(COMMITTED, reader([], NOW - 5_000, [{ table: "users", id: 5 }]), NOW, DEADLINE)).toBeUndefined();
});

test("the reader keeps a record it gets again out of its events (a re-read), but a second record of the same change counts as a duplicate", () => {
  const read = new ChangeReader("localhost:9092", []);
  const event = (offset: string) => ({ table: "users", key: { id: 1 }, op: "c" as const, txId: 7, lsn: 100, tombstone: false, readAt: NOW, record: { topic: "t.public.users", partition: 0, offset } });
  read.add(event("5"));
  read.add(event("5"));
  expect({ events: read.events.length, rereads: read.rereads, duplicates: deliveryFigures(COMMITTED.slice(0, 1), read).duplicates }).toEqual({ events: 1, rereads: 1, duplicates: 0 });
  read.add(event("6"));
  expect({ events: read.events.length, rereads: read.rereads, duplicates: deliveryFigures(COMMITTED.slice(0, 1), read).duplicates }).toEqual({ events: 2, rereads: 1, duplicates: 1 });
});
