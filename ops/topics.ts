// npm run topics [-- list | describe [topic …]] [--stack <name>] [--all] [--json]: the cluster's topics (the seed's
// check-topics). Exits 1 when a shown topic has offline, under-replicated or below-min-ISR partitions.
import { readKafka } from "./clusterReader";
import { errorMessage, OpsError, UNHEALTHY_EXIT_CODE } from "./errors";
import { minInsyncReplicas, partitionMarks } from "./health";
import { requireRunningBroker } from "./lifecycle";
import { npmCommand, renderTopicDescriptions, renderTopicList, topicJson } from "./render";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

runOps("topics", async (options, io) => {
  const addresses = await stackAddresses(options.stack);
  const timeoutMs = options.timeoutSeconds * 1000;
  await requireRunningBroker(addresses, timeoutMs, "its topics cannot be read");
  const describe = options.action === "describe";
  const view = await readKafka(addresses, { timeoutMs, topicNames: options.topicNames, allConfigs: describe }).catch((error: unknown) => {
    if (error instanceof OpsError) throw error;
    throw new OpsError(`${errorMessage(error)}; \`${npmCommand("status", options.stack)}\` shows the brokers' state.`);
  });
  const named = options.topicNames.length > 0;
  const topics = view.topics.filter((topic) => named || options.all || !topic.internal);
  if (options.json) io.print(JSON.stringify({ stack: options.stack, topics: topics.map(topicJson) }, null, 2));
  else io.print(describe ? renderTopicDescriptions(topics, io.style) : renderTopicList(topics, io.style));
  const marked = topics.some((topic) => topic.partitions.some((partition) => partitionMarks(partition, minInsyncReplicas(topic)).length > 0));
  return marked ? UNHEALTHY_EXIT_CODE : 0;
});
