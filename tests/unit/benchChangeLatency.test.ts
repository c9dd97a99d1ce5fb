import { changeLatencies, changeStages } from "../../bench/changeLatency";
import type { ChangeEvent, CommittedChange } from "../../support/pipeline";

const event = (table: string, id: number, txId: number, op: ChangeEvent["op"], readAt: number, extra: Partial<ChangeEvent> = {}): ChangeEvent => ({
  table,
  key: { id },
  op,
  txId,
  lsn: readAt,
  tombstone: false,
  readAt,
  ...extra,
});
const change = (table: CommittedChange["table"], id: number, txId: number, op: CommittedChange["op"], committedAt: number): CommittedChange => ({ table, id, txId, op, committedAt });

describe("changeLatencies", () => {
  test("each change's first read of its own event (table, row, transaction, operation) minus its commit", () => {
    const committed = [change("videos", 1, 7, "c", 1000), change("videos", 1, 7, "u", 1000), change("comments", 2, 7, "d", 1000)];
    const events = [
      event("videos", 1, 7, "u", 1030),
      event("videos", 1, 7, "c", 1020),
      event("videos", 1, 7, "c", 1500), // a duplicate read later
      event("comments", 2, 7, "d", 1040),
      event("comments", 2, 7, undefined, 1041, { tombstone: true }),
    ];
    expect(changeLatencies(committed, events)).toEqual([20, 30, 40]);
  });

  test("a snapshot read or another transaction's event does not stand for a change", () => {
    const committed = [change("users", 3, 8, "c", 1000)];
    expect(() => changeLatencies(committed, [event("users", 3, 8, "r", 1010), event("users", 3, 9, "c", 1010)])).toThrow(
      "No event was read for the c of users 3 in transaction 8; wait until every change is read before measuring.",
    );
  });
});

describe("changeStages", () => {
  test("splits each change's first-read event at Debezium's stamp and the record's send; unstamped events are left out", () => {
    const committed = [change("videos", 1, 7, "c", 1000), change("users", 2, 7, "c", 1000)];
    const events = [
      event("videos", 1, 7, "c", 1040, { stages: { sourceTsUs: 999_000, eventTsUs: 1_003_500, recordTimestamp: 1015 } }),
      event("videos", 1, 7, "c", 1900, { stages: { sourceTsUs: 0, eventTsUs: 0, recordTimestamp: 0 } }), // a later duplicate
      event("users", 2, 7, "c", 1050),
    ];
    expect(changeStages(committed, events)).toEqual({ wal: [4.5], queue: [11.5], delivery: [25] });
  });
});
