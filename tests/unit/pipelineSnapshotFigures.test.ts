// What a fault during the first snapshot counts of the rows written before its connector started
// (tests/helpers/pipelineFaults.ts snapshotFigures), and that the wait for the committed changes never ends while one
// of them is unread (deliveryWaitEnd), on made-up rows and reads.
import { ChangeEvent, ChangeReader, CommittedChange } from "../../support/pipeline";
import { deliveryWaitEnd, PrefilledRow, snapshotFigures } from "../helpers/pipelineFaults";

const FAULT_AT = 1_000_000;
const PREFILLED: PrefilledRow[] = [1, 2, 3, 4].map((id) => ({ table: "users", id }));

/** A snapshot read of users/`id`, its record produced at `producedAt`, read 10 ms later. */
function snapshotRead(id: number, producedAt: number, table = "users"): ChangeEvent {
  return { table, key: { id }, op: "r", txId: 99, lsn: 90, tombstone: false, readAt: producedAt + 10, stages: { recordTimestamp: producedAt } };
}

test("a snapshot killed after two of four rows and taken again: all read, two read twice, two produced before the fault", () => {
  const events = [
    snapshotRead(1, FAULT_AT - 200),
    snapshotRead(2, FAULT_AT - 100),
    // Taken again after the fault, from the start.
    ...[1, 2, 3, 4].map((id) => snapshotRead(id, FAULT_AT + 5_000 + id * 500)),
  ];
  expect(snapshotFigures(PREFILLED, events, FAULT_AT)).toEqual({ rows: 4, producedBeforeFault: 2, unread: [], readAgain: 2, secondsAfterFault: 1.5 });
});

test("only the run's own rows count: another table's row with the same id, an earlier run's row, a tombstone", () => {
  const events: ChangeEvent[] = [
    snapshotRead(1, FAULT_AT - 100),
    snapshotRead(2, FAULT_AT - 100, "videos"),
    snapshotRead(7, FAULT_AT - 100),
    snapshotRead(7, FAULT_AT + 100),
    { table: "users", key: { id: 3 }, tombstone: true, readAt: FAULT_AT },
  ];
  const figures = snapshotFigures(PREFILLED, events, FAULT_AT);
  expect(figures).toEqual({ rows: 4, producedBeforeFault: 1, unread: PREFILLED.slice(1), readAgain: 0, secondsAfterFault: 0 });
});

test("a row read as a change event of its own counts as read; a read of its record produced at the fault is after it", () => {
  const events: ChangeEvent[] = [
    snapshotRead(1, FAULT_AT),
    { table: "users", key: { id: 2 }, op: "u", txId: 120, lsn: 500, tombstone: false, readAt: FAULT_AT + 1_000 },
  ];
  const figures = snapshotFigures(PREFILLED, events, FAULT_AT);
  expect(figures.unread).toEqual(PREFILLED.slice(2));
  expect(figures.producedBeforeFault).toBe(0);
});

test("the wait goes on while a pre-filled row is unread, however long nothing was read, until the deadline", () => {
  const now = FAULT_AT + 60_000;
  const deadline = now + 30_000;
  const committed: CommittedChange[] = [{ table: "users", id: 10, txId: 200, op: "c", committedAt: FAULT_AT }];
  const reader = new ChangeReader("localhost:9092", []);
  reader.add({ table: "users", key: { id: 10 }, op: "c", txId: 200, lsn: 700, tombstone: false, readAt: FAULT_AT + 100 });
  for (const id of [1, 2, 3]) reader.add(snapshotRead(id, FAULT_AT - 1_000));
  // Every committed change read: without pre-filled rows the wait would end at once.
  expect(deliveryWaitEnd(committed, reader, now, deadline)).toBe("all read");
  expect(deliveryWaitEnd(committed, reader, now, deadline, PREFILLED)).toBeUndefined();
  expect(deliveryWaitEnd(committed, reader, deadline, deadline, PREFILLED)).toBe("deadline");
  reader.add(snapshotRead(4, now - 100));
  expect(deliveryWaitEnd(committed, reader, now, deadline, PREFILLED)).toBe("all read");
});

test("with a change missing, the last transaction read and all quiet, an unread pre-filled row still holds the wait", () => {
  const committed: CommittedChange[] = [
    { table: "users", id: 10, txId: 200, op: "c", committedAt: FAULT_AT },
    { table: "users", id: 11, txId: 201, op: "c", committedAt: FAULT_AT + 100 },
  ];
  const reader = new ChangeReader("localhost:9092", []);
  reader.add({ table: "users", key: { id: 11 }, op: "c", txId: 201, lsn: 701, tombstone: false, readAt: FAULT_AT + 200 });
  const quietLater = FAULT_AT + 200 + 5_001;
  expect(deliveryWaitEnd(committed, reader, quietLater, quietLater + 60_000)).toBe("past the last commit, then quiet");
  expect(deliveryWaitEnd(committed, reader, quietLater, quietLater + 60_000, PREFILLED)).toBeUndefined();
});
