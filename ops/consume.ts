// npm run consume -- --topic <name> [--group <id>] [--from-beginning] [--max <n>] [--count-only] [--timeout <s>]: reads a
// topic as a consumer group with the stack's at-least-once consumer settings, committing each record's offset after it
// is printed. Ends after --max records or --timeout seconds without a new one. Exits 0 when done (1 when --max was not
// reached), 2 on bad input, 3 when the stack is stopped.
import { EachMessagePayload } from "kafkajs";
import { consumeAtLeastOnce, deliveryConsumer, kafkaClient } from "../components/kafkajsClient";
import { requireTopic } from "./clients";
import { consumerGroupProblem } from "./clientSettings";
import { errorMessage, OpsError } from "./errors";
import { consumeExitCode, ConsumeResult, consumeSummary, recordLine } from "./messages";
import { secondsSince } from "./progress";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

const POLL_MS = 100;

/** Thrown for a record past --max, so consumeAtLeastOnce does not commit a record that was not printed. */
class PastMax extends Error {}

runOps("consume", async (options, io) => {
  const topic = options.topic as string;
  const group = options.group as string;
  const timeoutMs = options.timeoutSeconds * 1000;
  const addresses = await stackAddresses(options.stack);
  const groupProblem = consumerGroupProblem(addresses, group);
  if (groupProblem) throw new OpsError(groupProblem);
  await requireTopic(addresses, topic, timeoutMs, "nothing can be consumed");
  // As the consumer principal on a secured stack: --from-beginning's offset reset is the group's own (Read on it).
  const kafka = kafkaClient(addresses.hostBootstrapServers, "cdc-kafka-consume", addresses.consumerConfig);
  if (options.fromBeginning) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: group, topic, earliest: true });
    } catch (error) {
      throw new OpsError(`Group ${group} cannot be moved to the beginning of ${topic} (${errorMessage(error)}); stop its other consumers or pick another --group.`);
    } finally {
      await admin.disconnect();
    }
  }
  const started = Date.now();
  const consumer = deliveryConsumer(kafka, group, addresses.consumerConfig);
  let read = 0;
  let lastActivity = Date.now();
  let failure: unknown;
  consumer.on(consumer.events.GROUP_JOIN, () => (lastActivity = Date.now()));
  // kafkajs restarts the consumer after a retriable error (a new cluster's group coordinator still moving, a past-max
  // record); only a crash it gives up on ends the read.
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart && !(event.payload.error instanceof PastMax)) failure = event.payload.error;
  });
  const handle = async ({ partition, message }: EachMessagePayload): Promise<void> => {
    if (options.max !== undefined && read >= options.max) throw new PastMax();
    read++;
    lastActivity = Date.now();
    if (!options.countOnly) {
      io.print(recordLine({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null }));
    }
    if (read === options.max) consumer.pause([{ topic }]);
  };
  await consumer.connect();
  let ended: ConsumeResult["ended"] = "idle";
  try {
    await consumeAtLeastOnce(consumer, topic, handle, addresses.consumerConfig);
    for (;;) {
      if (failure) throw new OpsError(`Reading ${topic} failed: ${errorMessage(failure)}.`);
      if (options.max !== undefined && read >= options.max) {
        ended = "max";
        break;
      }
      if (Date.now() - lastActivity >= timeoutMs) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  const result: ConsumeResult = { topic, group, read, max: options.max, seconds: secondsSince(started), ended, idleSeconds: options.timeoutSeconds };
  if (options.countOnly) io.print(consumeSummary(result));
  else io.note(consumeSummary(result));
  return consumeExitCode(result);
});
