// At-least-once delivery: no acknowledged message is lost when the broker restarts, is killed, or is replaced while
// messages are being produced. Each scenario proves the fault landed inside production: a send it failed or held up,
// no acknowledgement between Docker's die event and the broker's container running again as a new process, and the
// ids read back are exactly the acknowledged ones (expectDeliveredThroughFault).
import { engineLog, testStack } from "../../support/deploy";
import { deliveryThroughFault, expectDeliveredThroughFault, FaultReport, FaultRun } from "../helpers/delivery";
import { containerState, isHealthy, killAndStart, restartContainer } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { kafkaClient, withAdmin } from "../../support/kafkaAdmin";
import { deployedStack, output, writeDeployedStack } from "../helpers/stack";
import { waitFor } from "../../support/waitFor";

const reports: FaultReport[] = [];
/** Topics this file made; deleted at the end so other tests see a healthy cluster. */
const topicsMade: string[] = [];
const broker = () => output<string[]>("brokerContainerNames")[0];
const bootstrap = () => output("hostBootstrapServers");
/** 100-message sends 20 ms apart; the fault starts after 3,000 acknowledgements, production ends 2,000 after it took effect. */
const shape = { faultAfter: 3_000, acknowledgedAfterFault: 2_000, minimumCount: 10_000, batchSize: 100, pauseMs: 20 };

async function newTopic(partitions = 3): Promise<string> {
  const topic = uniqueId("delivery");
  await withAdmin(bootstrap(), (admin) =>
    admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] }),
  );
  topicsMade.push(topic);
  return topic;
}

async function runScenario(scenario: string, fault: () => Promise<void>): Promise<void> {
  const run: FaultRun = {
    scenario,
    bootstrapServers: bootstrap(),
    topic: await newTopic(),
    producerConfig: output<Record<string, string>>("producerConfig"),
    fault,
    faultContainers: [broker()],
    ...shape,
    deadlineMs: 300_000,
  };
  const report = await deliveryThroughFault(run);
  reports.push(report);
  await waitFor(() => isHealthy(broker()), { timeoutMs: 60_000, what: `${broker()} to be healthy again` });
  expectDeliveredThroughFault(report, run);
}

describe("at-least-once delivery under broker faults", () => {
  afterAll(async () => {
    await withAdmin(bootstrap(), (admin) => admin.deleteTopics({ topics: topicsMade }));
    const at = (r: FaultReport, moment: number | undefined) => (moment === undefined ? "-" : ((moment - r.startedAt) / 1000).toFixed(1));
    console.log("scenario  acknowledged  before  after  while down  read    lost  duplicated  resent  stalled  longest send  fault started  took effect  back  last ack (s)");
    for (const r of reports) {
      console.log(
        `${r.scenario.padEnd(10)}${String(r.acknowledged).padEnd(14)}${String(r.acknowledgedBefore).padEnd(8)}${String(r.acknowledgedAfter).padEnd(7)}${String(r.acknowledgedWhileDown).padEnd(12)}` +
          `${String(r.read).padEnd(8)}${String(r.lost).padEnd(6)}${String(r.duplicated).padEnd(12)}${String(r.resent).padEnd(8)}${String(r.stalled).padEnd(9)}` +
          `${(r.longestSendMs / 1000).toFixed(1).padEnd(14)}${at(r, r.faultStartedAt).padEnd(15)}${at(r, r.faultTookEffectAt).padEnd(13)}${at(r, r.containerBackAt).padEnd(6)}${at(r, r.lastAcknowledgedAt)}`,
      );
    }
  });

  // runScenario's checks are the test: a send the fault disturbed, no acknowledgement between the container's death
  // and its new process, every acknowledged id read back and nothing else.
  test("broker restarted while sends are in flight", async () => {
    await runScenario("restart", () => restartContainer(broker()));
  });

  test("broker SIGKILLed and started again while sends are in flight", async () => {
    await runScenario("kill", () => killAndStart(broker()));
  });

  test("broker container replaced on the same volume by an up with a changed setting while sends are in flight", async () => {
    const deployed = deployedStack();
    const before = await containerState(broker());
    const changed = { ...deployed.config, logRetentionHours: String(Number(deployed.config.logRetentionHours ?? "168") + 1) };
    let replaced = 0;
    const replace = async () => {
      const stack = await testStack(deployed.stackName, changed);
      const result = await stack.up({ onOutput: engineLog(deployed.stackName) });
      replaced = result.summary.resourceChanges?.replace ?? 0;
    };
    await runScenario("replace", replace);
    writeDeployedStack({ ...deployed, config: changed });
    expect(replaced).toBeGreaterThanOrEqual(1);
    // A new container under the same name; the helper checked it ran before production ended and served the rest.
    expect((await containerState(broker())).id).not.toBe(before.id);
  });

  test("acks=all writes are rejected when a topic's min.insync.replicas exceeds its in-sync replicas", async () => {
    const topic = uniqueId("min-isr");
    topicsMade.push(topic);
    await withAdmin(bootstrap(), (admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "min.insync.replicas", value: "2" }] }],
      }),
    );
    const producer = kafkaClient(bootstrap(), "min-isr").producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      // kafkajs wraps the broker's answer once its (zero) retries are spent.
      await expect(producer.send({ topic, acks: -1, messages: [{ value: "must not be acknowledged" }] })).rejects.toMatchObject({
        name: "KafkaJSNumberOfRetriesExceeded",
        cause: expect.objectContaining({ type: "NOT_ENOUGH_REPLICAS" }),
      });
      await expect(producer.send({ topic, acks: 1, messages: [{ value: "leader-only ack" }] })).resolves.toHaveLength(1);
    } finally {
      await producer.disconnect();
    }
  });
});
