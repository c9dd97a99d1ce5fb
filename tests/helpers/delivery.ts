// At-least-once delivery checks: produce keyed messages while a fault hits the broker, read everything back, count.
import { Kafka, ProducerConfig } from "kafkajs";
import { kafkaClient, withAdmin } from "./kafkaAdmin";
import { sleep } from "./waitFor";

export interface DeliveryReport {
  scenario: string;
  attempted: number;
  acknowledged: number;
  read: number;
  lost: number;
  duplicated: number;
  /** Messages sent more than once by the producer because a send failed and was repeated. */
  resent: number;
  faultAtAcknowledged: number;
  produceSeconds: number;
}

export interface DeliveryRun {
  scenario: string;
  bootstrapServers: string;
  topic: string;
  count: number;
  producer: ProducerConfig;
  /** Injected while a send is in flight, once `faultAfter` messages have been acknowledged. */
  fault: () => Promise<void>;
  faultAfter: number;
  batchSize?: number;
  /** Pause between batches, so production spans the fault instead of finishing before it bites. */
  pauseMs?: number;
  deadlineMs: number;
}

const messageId = (value: Buffer | null) => Number(value?.toString());

/**
 * Produces `count` keyed messages in batches, one send in flight at a time (the idempotent kafkajs producer keeps
 * per-partition order that way). A send that fails is repeated with the same messages — what an at-least-once
 * application does — and each repeat is counted. Only sends that resolved count as acknowledged.
 */
export async function produceThroughFault(run: DeliveryRun): Promise<{ acknowledged: Set<number>; resent: number; faultAt: number; seconds: number }> {
  const batchSize = run.batchSize ?? 100;
  const client = kafkaClient(run.bootstrapServers, `delivery-${run.scenario}`);
  const producer = client.producer(run.producer);
  await producer.connect();
  const acknowledged = new Set<number>();
  const started = Date.now();
  let resent = 0;
  let faultAt = -1;
  let fault: Promise<void> | undefined;
  try {
    for (let first = 0; first < run.count; first += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, run.count - first) }, (_, i) => first + i);
      const messages = ids.map((id) => ({ key: `video-${id % 97}`, value: String(id) }));
      for (let attempt = 0; ; attempt++) {
        if (Date.now() - started > run.deadlineMs) throw new Error(`${run.scenario}: production did not finish within ${run.deadlineMs} ms`);
        if (attempt > 0) resent += ids.length;
        const send = producer.send({ topic: run.topic, acks: -1, messages });
        if (!fault && acknowledged.size >= run.faultAfter) {
          faultAt = acknowledged.size;
          fault = run.fault();
        }
        try {
          await send;
          ids.forEach((id) => acknowledged.add(id));
          break;
        } catch {
          await sleep(250);
        }
      }
      if (run.pauseMs) await sleep(run.pauseMs);
    }
    await fault;
  } finally {
    await producer.disconnect();
  }
  return { acknowledged, resent, faultAt, seconds: (Date.now() - started) / 1000 };
}

/** Reads the whole topic from the beginning up to its current end offsets; returns every message id seen, repeats included. */
export async function readAll(bootstrapServers: string, topic: string, groupId: string, timeoutMs: number): Promise<number[]> {
  const ends = await withAdmin(bootstrapServers, (admin) => admin.fetchTopicOffsets(topic));
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const ids: number[] = [];
  if (remaining.size === 0) return ids;
  const consumer: ReturnType<Kafka["consumer"]> = kafkaClient(bootstrapServers, groupId).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} did not reach its end offsets within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) ids.push(messageId(message.value));
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
  return ids;
}

/** Produces through the fault, reads everything back and counts what was lost and what was duplicated. */
export async function deliveryReport(run: DeliveryRun): Promise<DeliveryReport> {
  const produced = await produceThroughFault(run);
  const read = await readAll(run.bootstrapServers, run.topic, `${run.topic}-reader`, 60_000);
  const unique = new Set(read);
  const lost = [...produced.acknowledged].filter((id) => !unique.has(id)).length;
  return {
    scenario: run.scenario,
    attempted: run.count,
    acknowledged: produced.acknowledged.size,
    read: read.length,
    lost,
    duplicated: read.length - unique.size,
    resent: produced.resent,
    faultAtAcknowledged: produced.faultAt,
    produceSeconds: produced.seconds,
  };
}
