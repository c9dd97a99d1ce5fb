// The original spec's final validation (T027), as one test on a stack of its own: a clean state (nothing labelled with
// the stack), start (deploy), the CDC topics exist with their settings, delivery through a broker restart (every
// acknowledged message read), down (destroy), and a clean state again.
import { destroyAndRemove, engineLog, plainOutputs, testStack } from "../../support/deploy";
import { deliveryThroughFault, expectDeliveredThroughFault } from "../helpers/delivery";
import { countByLabel, isHealthy, restartContainer } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { describeConfig, withAdmin } from "../../support/kafkaAdmin";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";

const CDC_TOPICS = ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"];

test("clean state → start → topics with their settings → delivery through a broker restart → down → clean state", async () => {
  const stackName = uniqueId("final");
  const { config, stackLabel } = await deploymentConfig(stackName, { uiEnabled: "false" });
  const nothing = { containers: 0, networks: 0, volumes: 0 };
  expect(await countByLabel(stackLabel)).toEqual(nothing);

  const stack = await testStack(stackName, config);
  try {
    await stack.up({ onOutput: engineLog(stackName) });
    const outputs = (await plainOutputs(stack)) as { hostBootstrapServers: string; brokerContainerNames: string[]; producerConfig: Record<string, string> };
    expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

    await withAdmin(outputs.hostBootstrapServers, async (admin) => {
      const { topics } = await admin.fetchTopicMetadata({ topics: CDC_TOPICS });
      const described = topics.map((t) => [t.name, t.partitions.length, t.partitions.every((p) => p.leader >= 0 && p.replicas.length === 1)]);
      expect(described.sort()).toEqual(CDC_TOPICS.map((name) => [name, 3, true]).sort());
      for (const topic of CDC_TOPICS) {
        expect(await describeConfig(admin, "topic", topic)).toMatchObject({
          "cleanup.policy": "delete",
          "min.insync.replicas": "1",
          "retention.ms": "604800000",
        });
      }
    });

    const [broker] = outputs.brokerContainerNames;
    const run = {
      scenario: "final validation: broker restart",
      bootstrapServers: outputs.hostBootstrapServers,
      topic: "dbserver.public.videos",
      producerConfig: outputs.producerConfig,
      fault: () => restartContainer(broker),
      faultContainers: [broker],
      faultAfter: 2_000,
      acknowledgedAfterFault: 1_000,
      minimumCount: 5_000,
      batchSize: 100,
      pauseMs: 20,
      deadlineMs: 240_000,
    };
    const report = await deliveryThroughFault(run);
    await waitFor(() => isHealthy(broker), { timeoutMs: 60_000, what: `${broker} healthy again` });
    expectDeliveredThroughFault(report, run);
  } finally {
    await destroyAndRemove(stack, engineLog(stackName));
  }
  expect(await countByLabel(stackLabel)).toEqual(nothing);
});
