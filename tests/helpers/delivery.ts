// At-least-once delivery checks, for one broker and for several: produce keyed messages through the library's own
// kafkajs helpers (deliveryProducer + sendAcknowledged) while a fault hits the brokers, time every acknowledgement
// against the moment Docker says the fault took effect, read everything back, count.
import type { Producer } from "kafkajs";
import { CONSUMER_GROUP_PREFIX } from "../../components/accessControl";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../../components/kafkajsClient";
import { withAdmin } from "../../support/kafkaAdmin";
import { docker, recordContainerEvents } from "../../support/docker";
import { sleep, waitFor } from "../../support/waitFor";

/** The client settings a read-back uses (a secured stack's outputs); absent on a plaintext stack. */
export interface ReaderConfigs {
  consumerConfig: Record<string, string>;
  adminConfig: Record<string, string>;
}

export interface DeliveryCounts {
  acknowledged: number;
  read: number;
  /** Acknowledged but never read. */
  lost: number;
  /** Read more than once. */
  duplicated: number;
}

/** Which ids a read-back got wrong, as sets: the read ids against the acknowledged ones (at most 20 of each). */
export interface DeliveryMismatch {
  /** Acknowledged but never read. */
  lostIds: number[];
  /** Read, but neither acknowledged nor among the ids the test wrote itself: not something production sent. */
  unexpectedIds: number[];
}

export interface FaultRun {
  scenario: string;
  bootstrapServers: string;
  topic: string;
  /** Java producer properties, e.g. the stack's producerConfig output; deliveryProducer maps them to kafkajs. */
  producerConfig: Record<string, string>;
  /** How the check reads the topic back: a secured stack's consumerConfig and adminConfig outputs. @default plaintext */
  readerConfigs?: ReaderConfigs;
  /** Started while a send is in flight, once `faultAfter` messages are acknowledged. */
  fault: () => Promise<void>;
  /** The containers the fault stops: it has taken effect once each of them has died (Docker's die event). */
  faultContainers: string[];
  faultAfter: number;
  /**
   * Whether the brokers the fault leaves running can still acknowledge (a replicated cluster that keeps
   * min.insync.replicas). @default false: nothing can be acknowledged from the moment the fault's containers die until
   * one runs again, and each of them must run again (a new process) before production ends.
   */
  servesWhileDown?: boolean;
  /** Ids the test writes to the topic itself during the run (probes that must be refused, say); they may be read back. */
  alsoWritten?: number[];
  /**
   * Production goes on until this many messages were acknowledged after the fault took effect, at least one after
   * the fault's promise settled, and `minimumCount` in all; so the fault lands inside production however long it takes.
   */
  acknowledgedAfterFault: number;
  minimumCount: number;
  batchSize?: number;
  /** Pause between sends; paces production so that it spans the fault. */
  pauseMs?: number;
  /** Bounds the whole production (ms from its start). */
  deadlineMs: number;
}

/** A send of one batch: when it was first sent and when it was acknowledged (test clock), how often it was sent. */
interface SendRecord {
  size: number;
  startedAt: number;
  acknowledgedAt: number;
  attempts: number;
}

export interface FaultProduction {
  /** Ids of the acknowledged messages; every attempted message is acknowledged or production throws. */
  acknowledgedIds: Set<number>;
  attempted: number;
  /** Messages sent again after a send failed (a fresh producer, the same messages). */
  resent: number;
  /** Acknowledged messages when the fault was started. */
  acknowledgedWhenFaultStarted: number;
  /** When the fault took effect: the last of the faultContainers' first die events after it started (Docker's clock). */
  faultTookEffectAt: number;
  /** When the first of them ran again (its State.StartedAt after the fault), if one did before production ended. */
  containerBackAt?: number;
  faultStartedAt: number;
  faultSettledAt: number;
  startedAt: number;
  lastAcknowledgedAt: number;
  acknowledgedBefore: number;
  acknowledgedAfter: number;
  /**
   * Acknowledged while the fault's containers were down: later than ACK_STAMP_MARGIN_MS after they died, before the
   * first ran again (until production ended, if none did).
   */
  acknowledgedWhileDown: number;
  /** The fault's containers running at the end in a process started after their own die event (Docker's clock). */
  restarted: string[];
  /** Sends in flight while the containers were down (from the fault to their return) that took at least STALL_MS. */
  stalled: number;
  longestSendMs: number;
}

export interface FaultReport extends FaultProduction, DeliveryCounts, DeliveryMismatch {
  scenario: string;
}

/** The fault as production saw it: when it started (test clock), after how many acknowledgements, how it ended. */
interface FaultState {
  startedAt: number;
  acknowledged: number;
  settledAt?: number;
  error?: unknown;
}

/** A send that took this long while the brokers were down was held up by the fault, not by a busy machine's jitter. */
export const STALL_MS = 1_000;

/**
 * An answer the broker sent just before its process died can be stamped by the test a little later (a busy event
 * loop); acknowledgements that close to Docker's die event are not counted as made while the containers were down.
 */
export const ACK_STAMP_MARGIN_MS = 500;

/** `work`, or a rejection naming `what` when it has not settled by `deadline` (ms since epoch). */
export function byDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish by its deadline`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A connected delivery producer; while a broker it needs is down, connect fails, so it is tried again on a fresh one. */
export async function connectedDeliveryProducer(bootstrapServers: string, clientId: string, config: Record<string, string>, timeoutMs: number): Promise<Producer> {
  return waitFor(
    async () => {
      const producer = deliveryProducer(kafkaClient(bootstrapServers, clientId, config), config);
      try {
        await producer.connect();
        return producer;
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
    },
    { timeoutMs, intervalMs: 500, what: `a producer to connect to ${bootstrapServers}` },
  );
}

/** When each running container last started, from Docker (a removed or stopped one is left out). */
async function runningSince(names: string[]): Promise<Map<string, number>> {
  const info = await Promise.all(names.map(async (name) => [name, await docker.getContainer(name).inspect().catch(() => undefined)] as const));
  return new Map(info.filter(([, i]) => i?.State.Running).map(([name, i]) => [name, Date.parse(i!.State.StartedAt)]));
}

/**
 * Produces keyed messages (values are their ids) in batches, one send in flight at a time (the idempotent producer
 * keeps per-partition order that way), through sendAcknowledged, which resolves only once every partition answered.
 * A send that fails is repeated with the same messages on a fresh producer, as an at-least-once application would,
 * and counted as resent. Only sends that resolved count as acknowledged.
 */
export async function produceThroughFault(run: FaultRun): Promise<FaultProduction> {
  const batchSize = run.batchSize ?? 100;
  const productionStartedAt = Date.now();
  const deadline = productionStartedAt + run.deadlineMs;
  const clientId = `delivery-${run.scenario.replace(/[^\w.-]+/g, "-")}`;
  const connect = () => connectedDeliveryProducer(run.bootstrapServers, clientId, run.producerConfig, Math.max(1, deadline - Date.now()));
  const log = await recordContainerEvents(run.faultContainers);
  const sends: SendRecord[] = [];
  const acknowledged = new Set<number>();
  let producer = await connect();
  let resent = 0;
  let fault = undefined as FaultState | undefined;
  const diedAt = (name: string) => (fault ? log.events.find((e) => e.container === name && e.action === "die" && e.at >= fault!.startedAt)?.at : undefined);
  const tookEffectAt = () => {
    const deaths = run.faultContainers.map(diedAt);
    return fault && deaths.every((at) => at !== undefined) ? Math.max(...(deaths as number[])) : undefined;
  };
  const acknowledgedAfter = (moment: number) => sends.filter((s) => s.acknowledgedAt >= moment).reduce((sum, s) => sum + s.size, 0);
  const done = (next: number) => {
    const effect = tookEffectAt();
    return (
      next >= run.minimumCount &&
      fault?.settledAt !== undefined &&
      effect !== undefined &&
      acknowledgedAfter(effect) >= run.acknowledgedAfterFault &&
      (sends[sends.length - 1]?.acknowledgedAt ?? 0) > fault.settledAt
    );
  };
  let next = 0;
  try {
    while (!done(next)) {
      if (fault?.error) throw fault.error;
      if (Date.now() > deadline) {
        const effect = tookEffectAt();
        throw new Error(
          `${run.scenario}: production did not finish within ${run.deadlineMs} ms (fault ${fault ? (fault.settledAt ? "settled" : "still running") : "not started"}, ` +
            `${effect === undefined ? "not yet seen to take effect" : `${acknowledgedAfter(effect)} acknowledged after it took effect`})`,
        );
      }
      const ids = Array.from({ length: batchSize }, (_, i) => next + i);
      next += batchSize;
      const messages = ids.map((id) => ({ key: `video-${id % 97}`, value: String(id) }));
      const record: SendRecord = { size: ids.length, startedAt: Date.now(), acknowledgedAt: 0, attempts: 0 };
      for (;;) {
        record.attempts++;
        if (record.attempts > 1) resent += ids.length;
        const send = sendAcknowledged(producer, run.topic, messages, run.producerConfig);
        if (!fault && acknowledged.size >= run.faultAfter) {
          const started: FaultState = { startedAt: Date.now(), acknowledged: acknowledged.size };
          fault = started;
          run.fault().then(
            () => (started.settledAt = Date.now()),
            (error: unknown) => ((started.settledAt = Date.now()), (started.error = error)),
          );
        }
        try {
          await byDeadline(send, deadline, `${run.scenario}: a send`);
          break;
        } catch (error) {
          if (fault?.error) throw fault.error;
          if (Date.now() >= deadline) throw error;
          await producer.disconnect().catch(() => undefined);
          producer = await connect();
        }
      }
      record.acknowledgedAt = Date.now();
      sends.push(record);
      ids.forEach((id) => acknowledged.add(id));
      if (run.pauseMs) await sleep(run.pauseMs);
    }
    if (fault?.error) throw fault.error;
  } finally {
    await producer.disconnect().catch(() => undefined);
    log.close();
  }
  const faultTookEffectAt = tookEffectAt() as number;
  const running = await runningSince(run.faultContainers);
  const restarted = run.faultContainers.filter((name) => (running.get(name) ?? 0) > (diedAt(name) as number));
  const returned = restarted.map((name) => running.get(name) as number).filter((at) => at > faultTookEffectAt);
  const containerBackAt = returned.length > 0 ? Math.min(...returned) : undefined;
  const outageEnd = containerBackAt ?? Infinity;
  const duration = (s: SendRecord) => s.acknowledgedAt - s.startedAt;
  const acknowledgedWhileDown = sends
    .filter((s) => s.acknowledgedAt > faultTookEffectAt + ACK_STAMP_MARGIN_MS && s.acknowledgedAt < outageEnd)
    .reduce((sum, s) => sum + s.size, 0);
  return {
    acknowledgedIds: acknowledged,
    attempted: next,
    resent,
    acknowledgedWhenFaultStarted: fault!.acknowledged,
    faultTookEffectAt,
    containerBackAt,
    faultStartedAt: fault!.startedAt,
    faultSettledAt: fault!.settledAt as number,
    startedAt: productionStartedAt,
    lastAcknowledgedAt: sends[sends.length - 1].acknowledgedAt,
    acknowledgedBefore: sends.filter((s) => s.acknowledgedAt < faultTookEffectAt).reduce((sum, s) => sum + s.size, 0),
    acknowledgedAfter: acknowledgedAfter(faultTookEffectAt),
    acknowledgedWhileDown,
    restarted,
    stalled: sends.filter((s) => s.startedAt <= outageEnd && s.acknowledgedAt >= faultTookEffectAt && duration(s) >= STALL_MS).length,
    longestSendMs: Math.max(...sends.map(duration)),
  };
}

/** One record as a read-back saw it. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

/** Reads the whole topic from the beginning up to its current end offsets; returns every record seen, repeats included. */
export async function readRecords(bootstrapServers: string, topic: string, groupId: string, timeoutMs: number, configs?: ReaderConfigs): Promise<ReadRecord[]> {
  const ends = await withAdmin(bootstrapServers, (admin) => admin.fetchTopicOffsets(topic), configs?.adminConfig);
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafkaClient(bootstrapServers, groupId, configs?.consumerConfig).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} did not reach its end offsets within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            records.push({ partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
          }
          const end = remaining.get(batch.partition);
          if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The message ids (values) of the whole topic, repeats included; a value that is not a number reads as NaN. */
export async function readAll(bootstrapServers: string, topic: string, groupId: string, timeoutMs: number, configs?: ReaderConfigs): Promise<number[]> {
  return (await readRecords(bootstrapServers, topic, groupId, timeoutMs, configs)).map((record) => Number(record.value));
}

/** What was acknowledged against what was read back (ids, repeats included). */
export function deliveryCounts(acknowledged: Iterable<number>, read: number[]): DeliveryCounts {
  const unique = new Set(read);
  const acked = [...acknowledged];
  return { acknowledged: acked.length, read: read.length, lost: acked.filter((id) => !unique.has(id)).length, duplicated: read.length - unique.size };
}

/** The distinct ids read against the acknowledged ones plus those the test wrote itself, both ways (20 of each at most). */
export function deliveryMismatch(acknowledged: ReadonlySet<number>, read: number[], alsoWritten: readonly number[] = []): DeliveryMismatch {
  const unique = new Set(read);
  const allowed = new Set(alsoWritten);
  return {
    lostIds: [...acknowledged].filter((id) => !unique.has(id)).slice(0, 20),
    unexpectedIds: [...unique].filter((id) => !acknowledged.has(id) && !allowed.has(id)).slice(0, 20),
  };
}

/**
 * Produces through the fault, reads everything back, counts, and prints the scenario's line. Ids the test wrote itself
 * (`alsoWritten`) are left out of the counts; any other id read that production did not have acknowledged is reported.
 */
export async function deliveryThroughFault(run: FaultRun): Promise<FaultReport> {
  const produced = await produceThroughFault(run);
  // The consumer principal of a secured stack may join only groups with this prefix.
  const read = await readAll(run.bootstrapServers, run.topic, `${CONSUMER_GROUP_PREFIX}reader-${run.topic}`, 120_000, run.readerConfigs);
  const alsoWritten = new Set(run.alsoWritten ?? []);
  const counts = deliveryCounts(produced.acknowledgedIds, read.filter((id) => !alsoWritten.has(id)));
  const mismatch = deliveryMismatch(produced.acknowledgedIds, read, run.alsoWritten);
  console.log(
    `${run.scenario}: ${produced.acknowledgedBefore} acknowledged before the fault, ${produced.acknowledgedAfter} acknowledged after it ` +
      `(${produced.acknowledgedWhileDown} while its containers were down), ${produced.resent} resent, lost ${counts.lost}, duplicates ${counts.duplicated}, ` +
      `read but never sent ${mismatch.unexpectedIds.length}`,
  );
  return { scenario: run.scenario, ...produced, ...counts, ...mismatch };
}

/**
 * What every fault scenario must show: the fault reached production (a send failed and was resent, or was held up
 * while the containers were down); unless the cluster serves while they are down, nothing was acknowledged from their
 * death until one ran again, and each of them ran again as a new process; and the distinct ids read back are exactly
 * the acknowledged ones (plus any the test wrote itself).
 *
 * What production's own loop guarantees is not asserted again here: it ends only once the fault's containers were
 * seen to die (Docker's die events), `acknowledgedAfterFault` were acknowledged after that and `minimumCount` in all,
 * and it throws when a send cannot be acknowledged, so every attempted message was acknowledged.
 */
export function expectDeliveredThroughFault(report: FaultReport, run: Pick<FaultRun, "faultContainers" | "servesWhileDown">): void {
  expect(report.resent + report.stalled).toBeGreaterThanOrEqual(1);
  if (!run.servesWhileDown) {
    // An acknowledgement while every broker that could give it is down came from somewhere else: another cluster on
    // the same address, a producer that does not wait for acks=all.
    expect({ acknowledgedWhileDown: report.acknowledgedWhileDown, restarted: [...report.restarted].sort() }).toEqual({
      acknowledgedWhileDown: 0,
      restarted: [...run.faultContainers].sort(),
    });
  }
  expect({ lostIds: report.lostIds, unexpectedIds: report.unexpectedIds }).toEqual({ lostIds: [], unexpectedIds: [] });
}
