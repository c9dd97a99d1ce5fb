// The one place that imports kafkajs: clients with the stack's delivery settings applied. Another KafkaJS-compatible
// client (e.g. @confluentinc/kafka-javascript's KafkaJS API) can replace kafkajs by changing this file alone.
// `config` arguments take the stack's producerConfig / consumerConfig outputs; they default to the library's own.
import { Consumer, EachMessagePayload, Kafka, logLevel, Message, Producer, RecordMetadata } from "kafkajs";
import { kafkajsConsumerOptions, kafkajsProducerConfig, kafkajsSendOptions } from "./clientConfig";

/** A client of the cluster behind `bootstrapServers` (comma-separated `host:port`s, e.g. the hostBootstrapServers output). */
export function kafkaClient(bootstrapServers: string, clientId = "cdc-kafka"): Kafka {
  return new Kafka({ clientId, brokers: bootstrapServers.split(","), logLevel: logLevel.NOTHING, connectionTimeout: 5_000 });
}

/** An idempotent producer that retries until the brokers acknowledge. */
export function deliveryProducer(kafka: Kafka, config?: Record<string, string>): Producer {
  return kafka.producer(kafkajsProducerConfig(config));
}

/** Sends with acks=all: resolves only once every in-sync replica has the messages. */
export function sendAcknowledged(
  producer: Producer,
  topic: string,
  messages: Message[],
  config?: Record<string, string>,
): Promise<RecordMetadata[]> {
  return producer.send({ topic, messages, ...kafkajsSendOptions(config) });
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
