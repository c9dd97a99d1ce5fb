// What produce and consume check before they connect: the stack is running and the topic exists, each a sentence with
// its exit code when it is not.
import { readKafka } from "./clusterReader";
import { OpsError, USAGE_EXIT_CODE } from "./errors";
import { requireRunningBroker } from "./lifecycle";
import { StackAddresses } from "./outputs";

/** The stack runs (else STOPPED_EXIT_CODE or 2) and has the topic (else exit 2, naming the topics there are). */
export async function requireTopic(addresses: StackAddresses, topic: string, timeoutMs: number, what: string): Promise<void> {
  await requireRunningBroker(addresses, timeoutMs, what);
  await readKafka(addresses, { timeoutMs, topicNames: [topic] }).catch((error: unknown) => {
    // topics describe exits 1 for a missing topic (it reports on the cluster); here it is bad input.
    if (error instanceof OpsError) throw new OpsError(error.message, USAGE_EXIT_CODE);
    throw error;
  });
}
