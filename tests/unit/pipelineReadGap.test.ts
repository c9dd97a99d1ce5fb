// The gap a fault run must show (tests/helpers/pipelineFaults.ts readGap), on made-up commits and reads: a pipeline
// that stopped at the fault shows one, a pipeline that kept running does not, whatever the container restart took.
import type { ChangeEvent } from "../../support/pipeline";
import { readGap } from "../helpers/pipelineFaults";

const FAULT_AT = 100_000;

/** Eight transactions a second from 5 s before the fault to 5 s after it; each read `latency(commit)` ms after its commit. */
function run(latency: (committedAt: number) => number): { committed: { txId: number; committedAt: number }[]; events: ChangeEvent[] } {
  const committed = Array.from({ length: 80 }, (_, n) => ({ txId: 500 + n, committedAt: FAULT_AT - 5_000 + n * 125 }));
  const events = committed.flatMap(({ txId, committedAt }) => {
    const readAt = committedAt + latency(committedAt);
    // Two changes of each transaction, a tombstone and a snapshot read: only the streamed changes count.
    return [
      { table: "users", key: { id: txId }, op: "c", txId, tombstone: false, readAt },
      { table: "videos", key: { id: txId }, op: "u", txId, tombstone: false, readAt: readAt + 5 },
      { table: "comments", key: { id: txId }, tombstone: true, readAt: readAt - 50 },
      { table: "users", key: { id: txId }, op: "r", txId, tombstone: false, readAt: readAt - 60 },
    ] as ChangeEvent[];
  });
  return { committed, events };
}

test("a pipeline stopped for 6 s at the fault: the first transaction after it waits, the slowest before it does not", () => {
  const resumesAt = FAULT_AT + 6_000;
  const { committed, events } = run((at) => (at >= FAULT_AT - 100 && at < resumesAt ? resumesAt - at + 200 : 200));
  const gap = readGap(committed, events, FAULT_AT);
  // 40 committed before the fault: the first two before the first read (the stream not yet live), the last read after it.
  expect(gap.readBeforeFault).toBe(37);
  expect(gap.slowestBeforeFaultSeconds).toBeCloseTo(0.2);
  // First after FAULT_AT + 1 s: committed at +1,125 ms, read at +6,200 ms.
  expect(gap.firstAfterFaultSeconds).toBeCloseTo(5.075);
  expect(gap.firstAfterFaultSeconds).toBeGreaterThan(gap.slowestBeforeFaultSeconds);
});

test("a pipeline that kept running through the 'fault' shows no gap, even with the same jitter before and after", () => {
  const jitter = [180, 420, 250, 310];
  const { committed, events } = run((at) => jitter[Math.floor(at / 125) % jitter.length]);
  const gap = readGap(committed, events, FAULT_AT);
  expect(gap.firstAfterFaultSeconds).not.toBeGreaterThan(gap.slowestBeforeFaultSeconds);
});

test("transactions committed before the stream was live (held back by the initial snapshot) are no reference", () => {
  // The stream's first read comes 3.2 s in: the transactions committed before it were read late, for the start's sake;
  // the 14 committed from then until the fault count, less the last one, read after the fault.
  const liveAt = FAULT_AT - 2_000;
  const { committed, events } = run((at) => (at < liveAt ? liveAt - at + 200 : 200));
  const gap = readGap(committed, events, FAULT_AT);
  expect(gap.readBeforeFault).toBe(13);
  expect(gap.slowestBeforeFaultSeconds).toBeCloseTo(0.2);
});

test("a transaction never read as a change after the fault (lost, re-read by a snapshot) counts as never read", () => {
  const { committed, events } = run(() => 200);
  const streamedBeforeFault = events.filter((event) => event.readAt < FAULT_AT + 1_000 || event.op === "r" || event.tombstone);
  expect(readGap(committed, streamedBeforeFault, FAULT_AT).firstAfterFaultSeconds).toBe(Infinity);
  expect(readGap(committed, [], FAULT_AT)).toEqual({ readBeforeFault: 0, slowestBeforeFaultSeconds: NaN, firstAfterFaultSeconds: Infinity });
});
