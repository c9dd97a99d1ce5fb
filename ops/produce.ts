// npm run produce -- --topic <name> [--count <n> | --file <path> | < lines] [--stack <name>]: sends keyed messages with
// the stack's at-least-once producer settings (acks=all, idempotence, retries) and prints how many Kafka acknowledged.
// Exits 0 when all were acknowledged, 1 when some were not, 2 on bad input, 3 when the stack is stopped.
import * as fs from "fs";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../components/kafkajsClient";
import { OpsOptions } from "./args";
import { requireTopic } from "./clients";
import { errorMessage, OpsError } from "./errors";
import { batches, generatedMessages, KeyedMessage, lineMessages, PRODUCE_BATCH_SIZE, produceExitCode, ProduceResult, produceSummary } from "./messages";
import { secondsSince } from "./progress";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The messages of --count, --file or stdin; a sentence when there are none. */
async function messagesToSend(options: OpsOptions): Promise<KeyedMessage[]> {
  if (options.count !== undefined) return generatedMessages(options.count, new Date().toISOString());
  let text: string;
  if (options.file !== undefined) {
    try {
      text = fs.readFileSync(options.file, "utf8");
    } catch (error) {
      throw new OpsError(`--file ${options.file} cannot be read: ${errorMessage(error)}.`);
    }
  } else if (process.stdin.isTTY) {
    throw new OpsError("Nothing to send: give --count <n>, --file <path>, or pipe lines into `npm run produce` (`key<TAB>value` or a value per line).");
  } else {
    text = await readStdin();
  }
  const messages = lineMessages(text);
  if (messages.length === 0) throw new OpsError(`Nothing to send: ${options.file ?? "stdin"} has no non-empty lines.`);
  return messages;
}

runOps("produce", async (options, io) => {
  const topic = options.topic as string;
  const messages = await messagesToSend(options);
  const addresses = await stackAddresses(options.stack);
  await requireTopic(addresses, topic, options.timeoutSeconds * 1000, "nothing can be produced");
  const started = Date.now();
  const producer = deliveryProducer(kafkaClient(addresses.hostBootstrapServers, "cdc-kafka-produce", addresses.producerConfig), addresses.producerConfig);
  const result: ProduceResult = { topic, acknowledged: 0, failed: 0, seconds: 0 };
  await producer.connect();
  try {
    for (const batch of batches(messages, PRODUCE_BATCH_SIZE)) {
      if (result.error) {
        // After a failed batch (delivery.timeout.ms spent), the rest would most likely wait as long again: not sent.
        result.failed += batch.length;
        continue;
      }
      try {
        await sendAcknowledged(producer, topic, batch, addresses.producerConfig);
        result.acknowledged += batch.length;
      } catch (error) {
        result.failed += batch.length;
        result.error = errorMessage(error);
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  result.seconds = secondsSince(started);
  io.print(produceSummary(result));
  return produceExitCode(result);
});
