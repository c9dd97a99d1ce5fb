// Commit → event latency of each committed change: the first time a reader got the change's own event (same table,
// row, transaction and operation; a snapshot read never counts) minus the time its COMMIT returned, on one clock; and
// where that time went, from the event's own stamps. Pure, so the matching is unit-tested
// (tests/unit/benchChangeLatency.test.ts).
import type { ChangeEvent, CommittedChange } from "../support/pipeline";
import { changeKey } from "../support/pipeline";

function eventKey(table: string, id: number, txId: number, op: string): string {
  return `${changeKey(table, id, txId)}/${op}`;
}

/** Each committed change's first-read event, in the order of `committed`; throws when a change has no event of its own. */
function firstEvents(committed: readonly CommittedChange[], events: readonly ChangeEvent[]): ChangeEvent[] {
  const firstRead = new Map<string, ChangeEvent>();
  for (const event of events) {
    if (event.tombstone || event.op === undefined || event.op === "r" || event.txId === undefined) continue;
    const key = eventKey(event.table, event.key.id, event.txId, event.op);
    if (!firstRead.has(key)) firstRead.set(key, event);
  }
  return committed.map((change) => {
    const event = firstRead.get(eventKey(change.table, change.id, change.txId, change.op));
    if (event === undefined) {
      throw new Error(`No event was read for the ${change.op} of ${change.table} ${change.id} in transaction ${change.txId}; wait until every change is read before measuring.`);
    }
    return event;
  });
}

/** Milliseconds per committed change, in the order of `committed`; throws when a change has no event of its own. */
export function changeLatencies(committed: readonly CommittedChange[], events: readonly ChangeEvent[]): number[] {
  const first = firstEvents(committed, events);
  return committed.map((change, at) => first[at].readAt - change.committedAt);
}

/**
 * Where each change's time went (ms, all containers on the host's clock): `wal` from Postgres' commit to Debezium
 * building the event (the WAL reader), `queue` from there to Connect's send() (Debezium's queue and poll, and in
 * exactly once the previous transaction's commit), `delivery` from send() to the read (produce, the transaction's
 * commit and markers, the fetch, the reader). Changes whose event lacks a stamp are left out.
 */
export function changeStages(committed: readonly CommittedChange[], events: readonly ChangeEvent[]): { wal: number[]; queue: number[]; delivery: number[] } {
  const stages = { wal: [] as number[], queue: [] as number[], delivery: [] as number[] };
  for (const event of firstEvents(committed, events)) {
    const { sourceTsUs, eventTsUs, recordTimestamp } = event.stages ?? {};
    if (sourceTsUs === undefined || eventTsUs === undefined || recordTimestamp === undefined) continue;
    stages.wal.push((eventTsUs - sourceTsUs) / 1000);
    stages.queue.push(recordTimestamp - eventTsUs / 1000);
    stages.delivery.push(event.readAt - recordTimestamp);
  }
  return stages;
}
