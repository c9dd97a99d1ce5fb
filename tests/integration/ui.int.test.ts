// The deployed stack's UI: kafbat's REST contract for brokers, the CDC topics and a consumer group's lag, and the page
// in headless Chromium. Only REST paths and fields kafbat serves are read, so this runs against kafbat's image too.
import * as fs from "fs";
import * as path from "path";
import { deliveryProducer } from "../../components/kafkajsClient";
import { launchBrowser } from "../../support/browser";
import { uniqueId } from "../../support/ids";
import { kafkaClient, withAdmin } from "../../support/kafkaAdmin";
import { output } from "../helpers/stack";
import { waitFor } from "../../support/waitFor";
import { repoRoot } from "../../toolchain/paths";

const api = (suffix: string) => `${output("uiUrl")}/api/clusters/${output("clusterName")}${suffix}`;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

interface GroupDetails {
  consumerLag: number;
  partitions: { topic: string; partition: number; currentOffset: number; endOffset: number; consumerLag: number }[];
}

describe("Kafka UI of the deployed stack", () => {
  const topic = uniqueId("ui-lag");
  const groupId = uniqueId("ui-group");

  afterAll(() => withAdmin(output("hostBootstrapServers"), (admin) => admin.deleteTopics({ topics: [topic] })));

  beforeAll(async () => {
    await withAdmin(output("hostBootstrapServers"), async (admin) => {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
      // Idempotent, so a retried request cannot write the five messages twice (the lag below is exact).
      const producer = deliveryProducer(kafkaClient(output("hostBootstrapServers")));
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
      await producer.disconnect();
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "2" }] });
    });
  });

  test("the cluster is ONLINE with one broker, as kafbat reports it", async () => {
    const clusters = await waitFor(
      async () => {
        const list = await getJson<{ name: string; status: string; brokerCount: number }[]>(`${output("uiUrl")}/api/clusters`);
        return list[0]?.status === "ONLINE" ? list : undefined;
      },
      { timeoutMs: 60_000, what: "the UI to report the cluster ONLINE" },
    );
    expect(clusters).toEqual([expect.objectContaining({ name: output("clusterName"), status: "ONLINE", brokerCount: 1 })]);
    const brokers = await getJson<{ id: number }[]>(api("/brokers"));
    expect(brokers.map((broker) => broker.id)).toEqual([1]);
  });

  test("the three CDC topics with their partitions", async () => {
    const { topics } = await getJson<{ topics: { name: string; partitionCount: number; replicationFactor: number }[] }>(
      api("/topics?page=1&perPage=100&showInternal=false"),
    );
    for (const name of output<string[]>("topicNames")) {
      expect(topics.find((t) => t.name === name)).toMatchObject({ name, partitionCount: 3, replicationFactor: 1 });
    }
  });

  test("a test consumer group's lag per partition", async () => {
    const details = await waitFor(
      async () => {
        const group = await getJson<GroupDetails>(api(`/consumer-groups/${groupId}`));
        return group.partitions.length > 0 ? group : undefined;
      },
      { timeoutMs: 60_000, what: `the UI to show ${groupId}` },
    );
    expect(details.consumerLag).toBe(3);
    expect(details.partitions).toEqual([expect.objectContaining({ topic, partition: 0, currentOffset: 2, endOffset: 5, consumerLag: 3 })]);
  });

  describe("byte rates from the brokers' Prometheus exporter (the shared stack has metrics on)", () => {
    const ratesTopic = uniqueId("ui-rates");

    afterAll(() => withAdmin(output("hostBootstrapServers"), (admin) => admin.deleteTopics({ topics: [ratesTopic] })));

    test("after 200 messages of 1 KiB to a new topic, the cluster's, the broker's and that topic's bytesInPerSec become > 0", async () => {
      await withAdmin(output("hostBootstrapServers"), (admin) =>
        admin.createTopics({ waitForLeaders: true, topics: [{ topic: ratesTopic, numPartitions: 1, replicationFactor: 1 }] }),
      );
      const producer = deliveryProducer(kafkaClient(output("hostBootstrapServers")));
      await producer.connect();
      try {
        await producer.send({ topic: ratesTopic, acks: -1, messages: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: "x".repeat(1024) })) });
      } finally {
        await producer.disconnect();
      }
      // The console shows Kafka's FifteenMinuteRate, an exponentially weighted average ticked every 5 s: 200 KiB make
      // it a small fraction of 200 KiB/s that depends on when the ticks fell and on what other tests produced, so
      // only "non-null and above zero" is certain. Deadline: a tick, then the console's 5 s refresh, on a busy machine.
      // The wait is the check: it fails unless all three rose above zero.
      await waitFor(
        async () => {
          const clusters = await getJson<{ name: string; bytesInPerSec: number | null }[]>(`${output("uiUrl")}/api/clusters`);
          const brokers = await getJson<{ id: number; bytesInPerSec: number | null }[]>(api("/brokers"));
          const topicDetails = await getJson<{ bytesInPerSec: number | null }>(api(`/topics/${ratesTopic}`));
          const found = {
            cluster: clusters.find((cluster) => cluster.name === output("clusterName"))?.bytesInPerSec ?? null,
            broker: brokers[0]?.bytesInPerSec ?? null,
            topic: topicDetails.bytesInPerSec,
          };
          return Object.values(found).every((value) => value !== null && value > 0) && found;
        },
        { timeoutMs: 90_000, intervalMs: 2_000, what: `bytesInPerSec > 0 for the cluster, broker 1 and ${ratesTopic} in the console` },
      );
    }, 120_000);
  });

  test("the page shows the broker and the three topics in headless Chromium", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(output("uiUrl"), { timeout: 30_000 });
      for (const name of output<string[]>("topicNames")) await page.locator(`#topics tr[data-topic="${name}"]`).waitFor({ timeout: 30_000 });
      await expect(page.locator("#cluster-status").textContent()).resolves.toBe("ONLINE");
      await expect(page.locator('#brokers tr[data-broker="1"]').innerText()).resolves.toContain(output<string>("internalBootstrapServers"));
      const screenshot = path.join(repoRoot, "test-results", "ui-integration.png");
      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
