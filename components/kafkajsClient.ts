// The library's one module that imports kafkajs (the "cdc-kafka/clients" entry point): clients with the stack's delivery
// settings applied. Another KafkaJS-compatible client (e.g. @confluentinc/kafka-javascript's KafkaJS API) can replace
// kafkajs in the library by changing this file alone. (The console in ui/ is its own program with its own client.)
// `config` arguments take the stack's producerConfig / consumerConfig outputs; they default to the library's own.
import { Consumer, EachMessagePayload, ICustomPartitioner, Kafka, KafkaConfig, logLevel, Message, Partitioners, Producer, RecordMetadata } from "kafkajs";
import { KAFKAJS_CLIENT_RETRY, kafkajsConnectionOptions, kafkajsConsumerOptions, kafkajsProducerConfig, kafkajsSendOptions } from "./clientConfig";

/**
 * A client of the cluster behind `bootstrapServers` (comma-separated `host:port`s, e.g. the hostBootstrapServers
 * output). On a secured cluster, pass one of the stack's client settings (producerConfig, consumerConfig or
 * adminConfig): the client then speaks TLS, trusting the stack's CA, and authenticates as that settings' principal.
 */
export function kafkaClient(bootstrapServers: string, clientId = "cdc-kafka", config?: Record<string, string>): Kafka {
  return new Kafka({
    clientId,
    brokers: bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    retry: KAFKAJS_CLIENT_RETRY,
    // The mechanism is one of KafkaJS's own names (checked there), which its union type cannot see through.
    ...(kafkajsConnectionOptions(config) as Pick<KafkaConfig, "ssl" | "sasl">),
  });
}

/**
 * The partition each message of a sendAcknowledged call went to. kafkajs asks the partitioner again on each of its
 * internal retries; answering with the first choice keeps each partition's share of a send fixed, so a partition
 * missing from the brokers' answer names exactly the messages that were not acknowledged.
 */
const assignedPartition = new WeakMap<Message, number>();

/** kafkajs's default (Java-compatible) partitioner, sticky per message object (see assignedPartition). */
const stickyPartitioner: ICustomPartitioner = () => {
  const choose = Partitioners.DefaultPartitioner();
  return (args) => {
    const earlier = assignedPartition.get(args.message);
    if (earlier !== undefined && earlier < args.partitionMetadata.length) return earlier;
    const partition = choose(args);
    assignedPartition.set(args.message, partition);
    return partition;
  };
};

/**
 * Kafka's answers to InitProducerId that only ask the producer to wait, by code (KafkaJS names them after groups:
 * 14 GROUP_LOAD_IN_PROGRESS, i.e. COORDINATOR_LOAD_IN_PROGRESS; 15 COORDINATOR_NOT_AVAILABLE; 16 NOT_COORDINATOR). A
 * broker whose producer-id manager has no block of ids yet answers 14 until the active controller has given it one,
 * which lasted over 9 s here once, right after one broker of three stopped. KafkaJS retries these within its own
 * default window (5 retries from 300 ms, ≈ 9 s; the client's `retry` does not reach it) and then fails connect(); the
 * Java producer keeps trying.
 */
const WAIT_OUT_ON_INIT_PRODUCER_ID = new Set([14, 15, 16]);

/** How long connect() waits those answers out in all: the Java producer's max.block.ms default. */
export const CONNECT_WAIT_MS = 60_000;

/** Whether `error`, or an error it was caused by, is a Kafka answer that only asks the producer to wait. */
function asksToWait(error: unknown): boolean {
  for (let e = error as { code?: number; cause?: unknown } | undefined; e !== undefined && e !== null; e = e.cause as typeof e) {
    if (e.code !== undefined && WAIT_OUT_ON_INIT_PRODUCER_ID.has(e.code)) return true;
  }
  return false;
}

/**
 * An idempotent producer that retries until the brokers acknowledge. Its connect() tries again, at the client's
 * backoff, while the brokers' answers to InitProducerId only ask it to wait (WAIT_OUT_ON_INIT_PRODUCER_ID), for up to
 * CONNECT_WAIT_MS; a connect() that fails leaves the producer disconnected (KafkaJS marks it connected before it asks
 * for a producer id, and without one it must not send).
 */
export function deliveryProducer(kafka: Kafka, config?: Record<string, string>): Producer {
  const producer = kafka.producer({ ...kafkajsProducerConfig(config), createPartitioner: stickyPartitioner });
  const connect = producer.connect;
  producer.connect = async () => {
    const deadline = Date.now() + CONNECT_WAIT_MS;
    for (let backoff = KAFKAJS_CLIENT_RETRY.initialRetryTime; ; backoff = Math.min(2 * backoff, KAFKAJS_CLIENT_RETRY.maxRetryTime)) {
      try {
        return await connect();
      } catch (error) {
        if (!asksToWait(error) || Date.now() + backoff > deadline) {
          await producer.disconnect().catch(() => undefined);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  };
  return producer;
}

/** More rounds than one leader move per partition can need; a bound, so a misbehaving client cannot loop forever. */
const MAX_SEND_ROUNDS = 10;

/**
 * Sends with acks=all: resolves only once every in-sync replica has the messages. kafkajs 2.2.4 can resolve a send
 * with part of it unsent: when a partition's leader dies and the partition moves to a broker that already answered
 * for other partitions of the same send, its retry skips that broker (tulios/kafkajs#1303). With a producer from
 * deliveryProducer, the messages of partitions missing from the answer are sent again, to the same partitions (so the
 * idempotent producer's sequence numbers still match), until every partition has answered.
 */
export async function sendAcknowledged(
  producer: Producer,
  topic: string,
  messages: Message[],
  config?: Record<string, string>,
): Promise<RecordMetadata[]> {
  const options = kafkajsSendOptions(config);
  const answers: RecordMetadata[] = [];
  // Fresh objects: assignedPartition then holds this call's choices only.
  let pending = messages.map((message) => ({ ...message }));
  for (let round = 1; ; round++) {
    const answered = await producer.send({ topic, messages: pending, ...options });
    answers.push(...answered);
    // acks=0 gets no answers to check; a producer with another partitioner leaves assignedPartition empty.
    const acknowledged = new Set(answered.map((answer) => answer.partition));
    const unanswered = options.acks === 0 ? [] : pending.filter((m) => assignedPartition.has(m) && !acknowledged.has(assignedPartition.get(m) as number));
    if (unanswered.length === 0) return answers;
    if (round === MAX_SEND_ROUNDS) {
      const partitions = [...new Set(unanswered.map((m) => assignedPartition.get(m)))].join(", ");
      throw new Error(
        `Kafka acknowledged no write to partitions ${partitions} of ${topic} in ${round} sends; check that they have a leader in the in-sync replicas and send the messages again.`,
      );
    }
    pending = unanswered.map((message) => ({ ...message, partition: assignedPartition.get(message) }));
  }
}

/** A consumer that reads committed records only and never auto-commits. */
export function deliveryConsumer(kafka: Kafka, groupId: string, config?: Record<string, string>): Consumer {
  return kafka.consumer({ groupId, ...kafkajsConsumerOptions(config).consumer });
}

/**
 * Reads `topic` (from the oldest record, for a new group) and commits each record's offset only after `handle` has
 * returned, so a crash between the two re-delivers the record instead of losing it.
 */
export async function consumeAtLeastOnce(
  consumer: Consumer,
  topic: string,
  handle: (payload: EachMessagePayload) => Promise<void>,
  config?: Record<string, string>,
): Promise<void> {
  const options = kafkajsConsumerOptions(config);
  await consumer.subscribe({ topic, ...options.subscribe });
  await consumer.run({
    ...options.run,
    eachMessage: async (payload) => {
      await handle(payload);
      // The committed offset is the next one to read, not the one just processed.
      const next = (BigInt(payload.message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic: payload.topic, partition: payload.partition, offset: next }]);
    },
  });
}
