// How a Kafka Connect worker and a Debezium source connector deliver change events: exactly once (Kafka Connect's
// exactly-once source support, KIP-618: each poll's records and their source offsets in one Kafka transaction) or at
// least once (records first, offsets flushed on a timer), and the Debezium settings that bring commit → event from
// about half a second to milliseconds. Pure: properties in Connect's and Debezium's own names.

/** How the pipeline delivers change events. */
export type PipelineDelivery = "exactly-once" | "at-least-once";

/** The pipeline's delivery settings: exactly-once (the default) or at-least-once. */
export const PIPELINE_DELIVERY_MODES: readonly PipelineDelivery[] = ["exactly-once", "at-least-once"];

/** Exactly once holds on any Kafka ≥ 3.3 cluster with transactions, which every cluster of this library has. */
export const DEFAULT_PIPELINE_DELIVERY: PipelineDelivery = "exactly-once";

/**
 * How often Debezium hands queued change events to Connect and how long its WAL reader sleeps after an empty read
 * (Debezium's default: 500 ms, which alone puts commit → event at 0–500 ms). Debezium's poll waits this long even with
 * events queued (only a full batch of max.batch.size ends it early), and in exactly once every poll is followed by
 * the transaction's commit on the same thread, so this interval is paid on top of each commit. The trade is wake-ups
 * while the database is idle (CPU of the Connect worker) and, busy, more and smaller transactions; the measurements
 * that chose 2 ms are in the pipeline docs.
 */
export const DEBEZIUM_POLL_INTERVAL_MS = 2;

/**
 * Exactly once: the task producer's `retry.backoff.ms` (Kafka's default 100 ms). The broker answers a transaction's first
 * AddPartitionsToTxn with CONCURRENT_TRANSACTIONS while the previous transaction's commit markers are still being
 * written, which back-to-back per-poll transactions run into; the producer's Sender then sleeps min(this, 20 ms) before
 * retrying, sending nothing meanwhile. 5 ms makes that wait short. The trade: the same backoff applies to the task
 * producer's other retries (produce errors, metadata refreshes, coordinator look-ups), so a broker outage or leader
 * change costs more retry requests from it; connection attempts keep `reconnect.backoff.ms`.
 */
export const EXACTLY_ONCE_PRODUCER_RETRY_BACKOFF_MS = 5;

/**
 * At least once: how often the worker flushes source offsets (Connect's default is 60 s). A crash re-sends what was
 * read since the last flush (duplicates; a connector that crashes before its first flush streams again from its
 * replication slot's start). A shorter interval means fewer duplicates, never none; exactly once has none, since
 * offsets commit in the same transaction as the events.
 */
export const AT_LEAST_ONCE_OFFSET_FLUSH_INTERVAL_MS = 10_000;

/**
 * Exactly once: how long a task's transaction may stay open before the broker's transaction coordinator aborts it
 * (`producer.transaction.timeout.ms` on the worker, for every task producer; Kafka's default is 60 s). A worker killed
 * mid-commit leaves its task's transaction open on Connect's offsets topic, and the restarted worker reads that topic
 * read_committed to its end before it starts anything, so it waits for exactly this abort: the task whose
 * initTransactions would end the transaction at once is not started until then (a 60 s stall with the default,
 * measured). The price: a task whose open transaction cannot reach the broker for longer (a broker or network outage)
 * is fenced when it comes back and FAILS until restarted; 30 s keeps a 20 s outage survivable with the broker's 10 s
 * check of timed-out transactions on top.
 */
export const EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS = 30_000;

/** One sentence when `value` is not a delivery mode; undefined when it is (or is absent: the default applies). */
export function pipelineDeliveryProblem(value: unknown): string | undefined {
  if (value === undefined || (PIPELINE_DELIVERY_MODES as readonly unknown[]).includes(value)) return undefined;
  return `delivery "${String(value)}" is not one of ${PIPELINE_DELIVERY_MODES.join(", ")}; set delivery to exactly-once (the default) or at-least-once.`;
}

/**
 * The Connect worker's properties for `mode`. Exactly once: the worker runs every source task with a transactional
 * producer (transactional.id `<group.id>-<connector>-<task>`) and reads its offsets read_committed; a worker group that
 * ran at least once before must pass through `preparing` on every worker when it has more than one. The task producers'
 * transaction timeout bounds how long a restarted worker waits for a killed task's transaction (see
 * EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS).
 */
export function connectWorkerDeliveryConfig(mode: PipelineDelivery): Record<string, string> {
  return mode === "exactly-once"
    ? { "exactly.once.source.support": "enabled", "producer.transaction.timeout.ms": String(EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS) }
    : { "exactly.once.source.support": "disabled", "offset.flush.interval.ms": String(AT_LEAST_ONCE_OFFSET_FLUSH_INTERVAL_MS) };
}

/**
 * A Debezium source connector's properties for `mode`, besides its database and topic settings. Exactly once: the
 * worker refuses the connector unless it runs exactly once (`required`), a transaction spans one poll's records
 * (the only boundary Debezium supports), and the task producer retries a busy transaction coordinator soon (a
 * connector-level producer override; the worker must allow client overrides, Kafka's default policy does). Both
 * modes: the low-latency poll interval.
 */
export function debeziumDeliveryConfig(mode: PipelineDelivery): Record<string, string> {
  return {
    ...(mode === "exactly-once"
      ? {
          "exactly.once.support": "required",
          "transaction.boundary": "poll",
          "producer.override.retry.backoff.ms": String(EXACTLY_ONCE_PRODUCER_RETRY_BACKOFF_MS),
        }
      : {}),
    "poll.interval.ms": String(DEBEZIUM_POLL_INTERVAL_MS),
  };
}
