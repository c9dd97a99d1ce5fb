// Commit → event latency of each committed change: the first time a reader got the change's own event (same table,
// row, transaction and operation; a snapshot read never counts) minus the time its COMMIT returned, on one clock.
// Pure, so the matching is unit-tested (tests/unit/benchChangeLatency.test.ts).
import type { ChangeEvent, CommittedChange } from "../support/pipeline";
import { changeKey } from "../support/pipeline";

function eventKey(table: string, id: number, txId: number, op: string): string {
  return `${changeKey(table, id, txId)}/${op}`;
}

/** Milliseconds per committed change, in the order of `committed`; throws when a change has no event of its own. */
export function changeLatencies(committed: readonly CommittedChange[], events: readonly ChangeEvent[]): number[] {
  const firstRead = new Map<string, number>();
  for (const event of events) {
    if (event.tombstone || event.op === undefined || event.op === "r" || event.txId === undefined) continue;
    const key = eventKey(event.table, event.key.id, event.txId, event.op);
    if (!firstRead.has(key)) firstRead.set(key, event.readAt);
  }
  return committed.map((change) => {
    const readAt = firstRead.get(eventKey(change.table, change.id, change.txId, change.op));
    if (readAt === undefined) {
      throw new Error(`No event was read for the ${change.op} of ${change.table} ${change.id} in transaction ${change.txId}; wait until every change is read before measuring.`);
    }
    return readAt - change.committedAt;
  });
}
