// Broker metrics on the shared stack (metricsEnabled, metricsHostPort from the test config): the broker's Prometheus
// endpoint, reached from the host on metricsHostPort, counts exactly the messages produced to a topic, and the UI
// container is told to scrape it.
import { METRICS_PORT } from "../../components/brokerEnv";
import { sendAcknowledged } from "../../components/kafkajsClient";
import { connectedDeliveryProducer } from "../helpers/delivery";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { withAdmin } from "../../support/kafkaAdmin";
import { deployedStack, output } from "../helpers/stack";
import { waitFor } from "../../support/waitFor";

const MESSAGES = 300;
const bootstrap = () => output("hostBootstrapServers");

function metricsUrl(): string {
  const { metricsHostPort } = deployedStack().config;
  if (!metricsHostPort) throw new Error("the shared test stack publishes no metrics port; set metricsHostPort in support/testConfig.ts.");
  return `http://127.0.0.1:${metricsHostPort}/metrics`;
}

/** `kafka_server_BrokerTopicMetrics_Count{name="MessagesInPerSec",topic=<topic>}`, 0 while the broker has none. */
async function messagesIn(topic: string): Promise<number> {
  const response = await fetch(metricsUrl(), { signal: AbortSignal.timeout(15_000) });
  expect(response.status).toBe(200);
  const line = (await response.text())
    .split("\n")
    .find((l) => l.startsWith("kafka_server_BrokerTopicMetrics_Count{") && l.includes('name="MessagesInPerSec"') && l.includes(`topic="${topic}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("broker metrics", () => {
  const topic = uniqueId("metrics");

  afterAll(async () => {
    await withAdmin(bootstrap(), (admin) => admin.deleteTopics({ topics: [topic] })).catch(() => undefined);
  });

  test(`MessagesInPerSec of a topic grows by exactly the ${MESSAGES} messages produced to it`, async () => {
    await withAdmin(bootstrap(), (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] }));
    const before = await messagesIn(topic);
    const config = output<Record<string, string>>("producerConfig");
    const producer = await connectedDeliveryProducer(bootstrap(), uniqueId("metrics-producer"), config, 60_000);
    let acknowledged = 0;
    try {
      for (let batch = 0; batch < MESSAGES / 100; batch++) {
        const messages = Array.from({ length: 100 }, (_, i) => ({ key: `k-${batch * 100 + i}`, value: String(batch * 100 + i) }));
        await sendAcknowledged(producer, topic, messages, config);
        acknowledged += messages.length;
      }
    } finally {
      await producer.disconnect();
    }
    const after = await waitFor(async () => {
      const count = await messagesIn(topic);
      return count >= before + acknowledged ? count : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, what: `MessagesInPerSec of ${topic} to grow by ${acknowledged}` });
    console.log(`metrics: ${acknowledged} acknowledged, MessagesInPerSec count ${before} -> ${after}`);
    expect(after - before).toBe(MESSAGES);
  });

  test("the UI container scrapes the brokers' Prometheus endpoints on the metrics port", async () => {
    const uiName = `${deployedStack().config.namePrefix}-ui`;
    const env = (await docker.getContainer(uiName).inspect()).Config.Env;
    expect(env).toEqual(expect.arrayContaining(["KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS", `KAFKA_CLUSTERS_0_METRICS_PORT=${METRICS_PORT}`]));
  });
});
