// At-least-once production through the library's own kafkajs helpers (deliveryProducer + sendAcknowledged), for
// clusters of several brokers. delivery.ts's produceThroughFault sends with a bare kafkajs producer, which is right for
// one broker; with several, a bare kafkajs send can resolve with part of it unsent when a partition's leader moves to
// a broker that already answered (tulios/kafkajs#1303), and sendAcknowledged is what detects and repairs that.
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../../components/kafkajsClient";
import { DeliveryRun } from "./delivery";
import { sleep } from "./waitFor";

export interface AcknowledgedRun extends Omit<DeliveryRun, "producer"> {
  /** Java producer properties, e.g. the stack's producerConfig output; deliveryProducer maps them to kafkajs. */
  producerConfig: Record<string, string>;
}

export interface DeliveryCounts {
  acknowledged: number;
  read: number;
  /** Acknowledged but never read. */
  lost: number;
  /** Read more than once. */
  duplicated: number;
}

/** `work`, or a rejection naming `what` when it has not settled by `deadline` (ms since epoch). */
export function byDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish by its deadline`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Produces `count` keyed messages (values are their ids) in batches, one sendAcknowledged at a time; the fault is
 * injected while a send is in flight once `faultAfter` are acknowledged. sendAcknowledged retries until Kafka
 * acknowledges, so nothing is resent here; the deadline bounds the whole production instead.
 */
export async function produceAcknowledged(run: AcknowledgedRun): Promise<{ acknowledged: Set<number>; faultAt: number; seconds: number }> {
  const batchSize = run.batchSize ?? 100;
  const producer = deliveryProducer(kafkaClient(run.bootstrapServers, `delivery-${run.scenario}`), run.producerConfig);
  await producer.connect();
  const acknowledged = new Set<number>();
  const started = Date.now();
  let faultAt = -1;
  let fault: Promise<void> | undefined;
  try {
    for (let first = 0; first < run.count; first += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, run.count - first) }, (_, i) => first + i);
      const send = sendAcknowledged(producer, run.topic, ids.map((id) => ({ key: `video-${id % 97}`, value: String(id) })), run.producerConfig);
      if (!fault && acknowledged.size >= run.faultAfter) {
        faultAt = acknowledged.size;
        fault = run.fault();
        // Awaited after the last batch; until then a failure must not count as an unhandled rejection.
        fault.catch(() => undefined);
      }
      await byDeadline(send, started + run.deadlineMs, `${run.scenario}: production of ${run.count} messages`);
      ids.forEach((id) => acknowledged.add(id));
      if (run.pauseMs) await sleep(run.pauseMs);
    }
    await fault;
  } finally {
    await producer.disconnect();
  }
  return { acknowledged, faultAt, seconds: (Date.now() - started) / 1000 };
}

/** What was acknowledged against what was read back (ids, repeats included). */
export function deliveryCounts(acknowledged: Iterable<number>, read: number[]): DeliveryCounts {
  const unique = new Set(read);
  const acked = [...acknowledged];
  return { acknowledged: acked.length, read: read.length, lost: acked.filter((id) => !unique.has(id)).length, duplicated: read.length - unique.size };
}
