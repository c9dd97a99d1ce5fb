// At-least-once delivery: no acknowledged message is lost when the broker restarts, is killed, or is replaced.
import { ProducerConfig } from "kafkajs";
import { kafkajsProducerConfig } from "../../components/clientConfig";
import { engineLog, testStack } from "../helpers/deploy";
import { DeliveryReport, deliveryReport } from "../helpers/delivery";
import { containerState, isHealthy, killAndStart, restartContainer } from "../helpers/docker";
import { uniqueId } from "../helpers/ids";
import { kafkaClient, withAdmin } from "../helpers/kafkaAdmin";
import { deployedStack, output, writeDeployedStack } from "../helpers/stack";
import { waitFor } from "../helpers/waitFor";

const messageCount = 10_000;
const reports: DeliveryReport[] = [];
/** Topics this file made; deleted at the end so other tests see a healthy cluster. */
const topicsMade: string[] = [];
const broker = () => output<string[]>("brokerContainerNames")[0];
const bootstrap = () => output("hostBootstrapServers");

async function newTopic(partitions = 3): Promise<string> {
  const topic = uniqueId("delivery");
  await withAdmin(bootstrap(), (admin) =>
    admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] }),
  );
  topicsMade.push(topic);
  return topic;
}

async function runScenario(scenario: string, fault: () => Promise<void>): Promise<DeliveryReport> {
  const topic = await newTopic();
  const producer: ProducerConfig = kafkajsProducerConfig(output("producerConfig"));
  const report = await deliveryReport({
    scenario,
    bootstrapServers: bootstrap(),
    topic,
    count: messageCount,
    producer,
    fault,
    faultAfter: 3_000,
    batchSize: 100,
    pauseMs: 20,
    deadlineMs: 240_000,
  });
  reports.push(report);
  console.log(`delivery ${scenario}: ${JSON.stringify(report)}`);
  await waitFor(() => isHealthy(broker()), { timeoutMs: 60_000, what: `${broker()} to be healthy again` });
  return report;
}

function expectNoAcknowledgedLoss(report: DeliveryReport): void {
  expect(report.faultAtAcknowledged).toBeGreaterThanOrEqual(3_000);
  expect(report.acknowledged).toBe(messageCount);
  expect(report.lost).toBe(0);
  expect(report.read).toBe(messageCount + report.duplicated);
}

describe("at-least-once delivery under broker faults", () => {
  afterAll(async () => {
    await withAdmin(bootstrap(), (admin) => admin.deleteTopics({ topics: topicsMade }));
    console.log("scenario        acknowledged  read    lost  duplicated  resent  seconds");
    for (const r of reports) {
      console.log(`${r.scenario.padEnd(16)}${String(r.acknowledged).padEnd(14)}${String(r.read).padEnd(8)}${String(r.lost).padEnd(6)}${String(r.duplicated).padEnd(12)}${String(r.resent).padEnd(8)}${r.produceSeconds.toFixed(1)}`);
    }
  });

  test("broker restarted while sends are in flight", async () => {
    const before = await containerState(broker());
    expectNoAcknowledgedLoss(await runScenario("restart", () => restartContainer(broker())));
    expect((await containerState(broker())).startedAt).not.toBe(before.startedAt);
  });

  test("broker SIGKILLed and started again while sends are in flight", async () => {
    const before = await containerState(broker());
    expectNoAcknowledgedLoss(await runScenario("kill", () => killAndStart(broker())));
    expect((await containerState(broker())).startedAt).not.toBe(before.startedAt);
  });

  test("broker container replaced on the same volume by an up with a changed setting", async () => {
    const deployed = deployedStack();
    const before = await containerState(broker());
    const changed = { ...deployed.config, logRetentionHours: String(Number(deployed.config.logRetentionHours ?? "168") + 1) };
    const replace = async () => {
      const stack = await testStack(deployed.stackName, changed);
      const result = await stack.up({ onOutput: engineLog(deployed.stackName) });
      expect(result.summary.resourceChanges?.replace ?? 0).toBeGreaterThanOrEqual(1);
    };
    expectNoAcknowledgedLoss(await runScenario("replace", replace));
    writeDeployedStack({ ...deployed, config: changed });
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
