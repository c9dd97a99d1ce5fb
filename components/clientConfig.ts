// The client settings that complete the broker's delivery guarantee, in the forms their users need: Java client
// properties, Debezium's per-connector producer overrides, and KafkaJS options. Pure: no client library is imported.

/** How long a Java producer keeps retrying one record before it reports failure (Kafka's default, spelled out). */
export const DELIVERY_TIMEOUT_MS = 120_000;
/** How long one produce request may wait for acknowledgements; delivery.timeout.ms must cover it. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Java producer properties for at-least-once delivery: a send counts only once every in-sync replica has it (acks=all),
 * failed sends are retried until delivery.timeout.ms, and idempotence drops the duplicates those retries would write.
 * Up to five requests in flight keep order with idempotence on.
 */
export function producerConfig(): Record<string, string> {
  return {
    acks: "all",
    "enable.idempotence": "true",
    retries: "2147483647",
    "max.in.flight.requests.per.connection": "5",
    "delivery.timeout.ms": String(DELIVERY_TIMEOUT_MS),
    "request.timeout.ms": String(REQUEST_TIMEOUT_MS),
  };
}

/**
 * The producer properties as a Debezium connector's `producer.override.*` settings (the Connect worker must allow
 * them with `connector.client.config.override.policy=All`).
 */
export function debeziumProducerConfig(): Record<string, string> {
  return Object.fromEntries(Object.entries(producerConfig()).map(([name, value]) => [`producer.override.${name}`, value]));
}

/**
 * Java consumer properties for at-least-once processing: offsets are committed by the application after it has
 * processed a record (never by a timer before), a new group starts from the oldest retained record, and records of
 * aborted transactions are never seen.
 */
export function consumerConfig(): Record<string, string> {
  return {
    "enable.auto.commit": "false",
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
  };
}

/** Java's "retry forever" (Integer.MAX_VALUE) in KafkaJS is Number.MAX_SAFE_INTEGER; anything less makes it warn. */
const JAVA_UNLIMITED_RETRIES = 2_147_483_647;

/**
 * Java producer properties (by default the stack's producerConfig output) as KafkaJS `kafka.producer()` options.
 */
export function kafkajsProducerConfig(config: Record<string, string> = producerConfig()) {
  const idempotent = config["enable.idempotence"] === "true";
  const retries = Number(config.retries);
  return {
    idempotent,
    // KafkaJS does not reassign sequence numbers after a failed batch, so with idempotence only one request in
    // flight keeps it out of OutOfOrderSequence errors (tulios/kafkajs#980); the Java client handles five.
    maxInFlightRequests: idempotent ? 1 : Number(config["max.in.flight.requests.per.connection"]),
    allowAutoTopicCreation: false,
    retry: {
      retries: retries >= JAVA_UNLIMITED_RETRIES ? Number.MAX_SAFE_INTEGER : retries,
      initialRetryTime: 100,
      maxRetryTime: 2_000,
    },
  };
}

/** Java producer properties as KafkaJS `producer.send()` options: acks=all is -1. */
export function kafkajsSendOptions(config: Record<string, string> = producerConfig()) {
  const acks = { all: -1, "-1": -1, "1": 1, "0": 0 }[config.acks] ?? -1;
  return { acks, timeout: Number(config["request.timeout.ms"] ?? REQUEST_TIMEOUT_MS) };
}

/**
 * Java consumer properties (by default the stack's consumerConfig output) as KafkaJS options: `consumer` for
 * `kafka.consumer()`, `subscribe` and `run` for the calls of the same names.
 */
export function kafkajsConsumerOptions(config: Record<string, string> = consumerConfig()) {
  return {
    consumer: { readUncommitted: config["isolation.level"] !== "read_committed", allowAutoTopicCreation: false },
    subscribe: { fromBeginning: config["auto.offset.reset"] === "earliest" },
    run: { autoCommit: config["enable.auto.commit"] === "true" },
  };
}
