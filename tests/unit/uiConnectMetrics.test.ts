import * as http from "http";
import { AddressInfo } from "net";
import { ClusterMonitor } from "../../ui/clusterMonitor";
import { ClusterConfig, ConnectConfig } from "../../ui/config";
import { HttpConnectReader } from "../../ui/connectClient";
import { ConnectorExpanded, sanitizeConfig, searchConnectors, toConnectDto, toConnectorDto, toFullConnectorInfos, toTaskDtos } from "../../ui/connectShapes";
import { ClusterReader } from "../../ui/kafkaAdmin";
import { brokerRates, clusterRates, parsePrometheusText, scrapeBrokers, topicRates } from "../../ui/metrics";
import { ClusterSnapshot, TopicMetadata } from "../../ui/model";
import { route } from "../../ui/routes";
import { answer } from "../../ui/server";

// ---- a Prometheus exporter and a Connect worker on loopback ----

const exposition = `# HELP kafka_server_BrokerTopicMetrics_FifteenMinuteRate Attribute exposed for management
# TYPE kafka_server_BrokerTopicMetrics_FifteenMinuteRate untyped
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesInPerSec",} 120.5
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesOutPerSec",} 80.25
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesInPerSec",topic="videos",} 100.5
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesOutPerSec",topic="videos",} 60
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="MessagesInPerSec",} 3
# TYPE kafka_server_BrokerTopicMetrics_Count counter
kafka_server_BrokerTopicMetrics_Count{name="BytesInPerSec",} 9000
# TYPE jvm_memory_bytes_used gauge
jvm_memory_bytes_used{area="heap",note="a \\"quoted\\" value"} 1.5e7
not a metric line {
`;

const running: ConnectorExpanded = {
  info: { name: "pg-source", config: { "connector.class": "io.debezium.connector.postgresql.PostgresConnector", "database.password": "pw", "topic.prefix": "dbserver" }, tasks: [{ connector: "pg-source", task: 0 }], type: "source" },
  status: { name: "pg-source", connector: { state: "RUNNING", worker_id: "connect:8083" }, tasks: [{ id: 0, state: "RUNNING", worker_id: "connect:8083" }], type: "source" },
};
const failing: ConnectorExpanded = {
  info: { name: "sink", config: { "connector.class": "x.Sink", topics: "a, b" }, tasks: [{ connector: "sink", task: 0 }, { connector: "sink", task: 1 }], type: "sink" },
  status: {
    name: "sink",
    connector: { state: "RUNNING", worker_id: "connect:8083" },
    tasks: [
      { id: 1, state: "FAILED", worker_id: "connect:8083", trace: "org.apache.kafka.connect.errors.ConnectException: boom\n\tat X.y(X.java:1)" },
      { id: 0, state: "RUNNING", worker_id: "connect:8083" },
    ],
    type: "sink",
  },
};
const connectors = { "pg-source": running, sink: failing };

function serve(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

let exporter: { server: http.Server; port: number };
let worker: { server: http.Server; port: number };
const workerRequests: { url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  exporter = await serve((req, res) => (req.url === "/metrics" ? res.end(exposition) : (res.statusCode = 404, res.end())));
  worker = await serve((req, res) => {
    workerRequests.push({ url: req.url!, auth: req.headers.authorization });
    const json = (status: number, body: unknown) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
    if (req.url === "/") return json(200, { version: "3.6.2", commit: "abc", kafka_cluster_id: "cid" });
    if (req.url === "/connectors?expand=info&expand=status") return json(200, connectors);
    if (req.url === "/connectors/sink/topics") return json(200, { sink: { topics: ["a", "b"] } });
    if (req.url === "/connectors/sink/tasks") return json(200, [{ id: { connector: "sink", task: 0 }, config: { "task.class": "T", "db.password": "x" } }]);
    return json(404, { error_code: 404, message: `Connector not found` });
  });
});
afterAll(async () => {
  await new Promise((resolve) => exporter.server.close(resolve));
  await new Promise((resolve) => worker.server.close(resolve));
});

describe("Prometheus metrics", () => {
  const series = parsePrometheusText(exposition);

  test("parses the text format: names, labels (escapes, trailing commas), values, the family's TYPE", () => {
    expect(series).toHaveLength(7);
    expect(series[0]).toEqual({ name: "kafka_server_BrokerTopicMetrics_FifteenMinuteRate", labels: { name: "BytesInPerSec" }, value: 120.5, type: "untyped" });
    expect(series[5]).toEqual({ name: "kafka_server_BrokerTopicMetrics_Count", labels: { name: "BytesInPerSec" }, value: 9000, type: "counter" });
    expect(series[6]).toEqual({ name: "jvm_memory_bytes_used", labels: { area: "heap", note: 'a "quoted" value' }, value: 15000000, type: "gauge" });
  });

  test("rates as kafbat derives them: FifteenMinuteRate, one label for the broker, topic+name per topic summed over brokers", () => {
    expect(brokerRates(series)).toEqual({ bytesInPerSec: 120.5, bytesOutPerSec: 80.25 });
    expect(brokerRates(series.filter((s) => s.type === "counter"))).toEqual({ bytesInPerSec: null, bytesOutPerSec: null });
    expect(topicRates({ 1: series, 2: series })).toEqual(new Map([["videos", { bytesInPerSec: 201, bytesOutPerSec: 120 }]]));
    expect(clusterRates({ 1: series, 2: series })).toEqual({ bytesInPerSec: 241, bytesOutPerSec: 160.5 });
    expect(clusterRates(null)).toEqual({ bytesInPerSec: null, bytesOutPerSec: null });
  });

  test("scrapeBrokers reads each broker's /metrics on the metrics port; an unreachable one is left out and logged", async () => {
    const lines: string[] = [];
    const metrics = await scrapeBrokers([{ nodeId: 1, host: "127.0.0.1", port: 9092 }, { nodeId: 2, host: "127.0.0.2", port: 9092 }], exporter.port, 1000, (l) => lines.push(l));
    expect(Object.keys(metrics)).toEqual(["1"]);
    expect(metrics[1]).toEqual(series);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^metrics of broker 2 at http://127.0.0.2:${exporter.port}/metrics could not be scraped: `));
  });
});

describe("Connect shapes", () => {
  const connect: ConnectConfig = { name: "connect", address: "http://connect:8083", username: null, password: null };

  test("toConnectDto: counts only withStats", () => {
    const root = { version: "3.6.2", commit: "abc", kafka_cluster_id: "cid" };
    expect(toConnectDto(connect, root, connectors, true)).toEqual({
      name: "connect", address: "http://connect:8083", connectorsCount: 2, failedConnectorsCount: 0, tasksCount: 3, failedTasksCount: 1,
      version: "3.6.2", commit: "abc", clusterId: "cid", consumerNamePattern: "connect-%s",
    });
    expect(toConnectDto(connect, null, null, false)).toMatchObject({ connectorsCount: null, failedTasksCount: null, version: null });
  });

  test("toConnectorDto: TASK_FAILED when a task failed, secrets hidden", () => {
    expect(toConnectorDto("connect", "sink", failing, ["a", "b"], "connect-sink")).toEqual({
      name: "sink", config: { "connector.class": "x.Sink", topics: "a, b" }, tasks: failing.info!.tasks, type: "SINK",
      status: { state: "TASK_FAILED", workerId: "connect:8083", trace: null }, connect: "connect", topics: ["a", "b"], consumer: "connect-sink",
    });
    expect(toConnectorDto("connect", "pg-source", running, [], null).config["database.password"]).toBe("******");
    expect(toConnectorDto("connect", "x", {}, [], null)).toMatchObject({ type: "UNKNOWN", status: { state: "UNASSIGNED", workerId: null, trace: null } });
    expect(sanitizeConfig({ "sasl.jaas.config": "x", "basic.auth.user.info": "u:p", "ssl.key": "k", "topics": "t" })).toEqual({ "sasl.jaas.config": "******", "basic.auth.user.info": "******", "ssl.key": "******", topics: "t" });
  });

  test("toTaskDtos: by task id, with the failed task's trace", () => {
    expect(toTaskDtos("sink", failing, [{ id: { task: 1 }, config: { a: "1" } }])).toEqual([
      { id: { connector: "sink", task: 0 }, status: { id: 0, state: "RUNNING", workerId: "connect:8083", trace: null }, config: {} },
      { id: { connector: "sink", task: 1 }, status: { id: 1, state: "FAILED", workerId: "connect:8083", trace: failing.status!.tasks[0].trace }, config: { a: "1" } },
    ]);
  });

  test("toFullConnectorInfos and search", () => {
    const infos = toFullConnectorInfos("connect", connectors, new Set(["connect-sink"]));
    expect(infos).toEqual([
      { connect: "connect", name: "pg-source", connectorClass: "io.debezium.connector.postgresql.PostgresConnector", type: "SOURCE", topics: [], status: { state: "RUNNING", workerId: "connect:8083", trace: null }, tasksCount: 1, failedTasksCount: 0, consumer: null },
      { connect: "connect", name: "sink", connectorClass: "x.Sink", type: "SINK", topics: ["a", "b"], status: { state: "RUNNING", workerId: "connect:8083", trace: null }, tasksCount: 2, failedTasksCount: 1, consumer: "connect-sink" },
    ]);
    expect(searchConnectors(infos, "DEBEZIUM").map((i) => i.name)).toEqual(["pg-source"]);
    expect(searchConnectors(infos, null)).toHaveLength(2);
  });
});

describe("the Connect and metrics paths (fake Connect worker and exporter on loopback)", () => {
  const videos: TopicMetadata = { name: "videos", partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1] }] };
  const snapshot: ClusterSnapshot = { brokers: [{ nodeId: 1, host: "127.0.0.1", port: 9092 }], controller: 1, clusterId: "c", topics: [videos], brokerConfig: [] };
  const reader: ClusterReader = {
    snapshot: async () => snapshot,
    topics: async () => [videos],
    offsets: async () => ({ videos: [{ partition: 0, low: 0, high: 5 }] }),
    configs: async () => ({ videos: [] }),
    offsetsForTimestamp: async () => ({}),
    readRecords: async () => [],
    consumerGroups: async () => [{ description: { groupId: "connect-sink", protocolType: "consumer", protocol: "", state: "Empty", members: [] }, offsets: [], endOffsets: {} }],
    recycle: () => undefined,
    close: async () => undefined,
  };
  let monitor: ClusterMonitor;
  beforeAll(async () => {
    const connect: ConnectConfig = { name: "connect", address: `http://127.0.0.1:${worker.port}`, username: "u", password: "p" };
    const cluster: ClusterConfig = { name: "local", bootstrapServers: ["kb:29092"], readOnly: false, connection: {}, connects: [connect], metrics: { type: "PROMETHEUS", port: exporter.port } };
    monitor = new ClusterMonitor(cluster, reader, 60_000, () => undefined, Date.now, ClusterMonitor.prometheusScraper(exporter.port, 1000, () => undefined));
    monitor.connectReaders.connect = new HttpConnectReader(connect, 2000);
    await monitor.refresh();
  });
  const get = (url: string) => {
    const parsed = new URL(url, "http://console");
    return answer(route(parsed.pathname), parsed.searchParams, { monitors: [monitor], requestId: "r1", now: 42 });
  };

  test("rates on the cluster, the broker and the topic; the broker's series", async () => {
    expect((await get("/api/clusters")).body).toMatchObject([{ bytesInPerSec: 120.5, bytesOutPerSec: 80.25, features: ["KAFKA_CONNECT"] }]);
    expect((await get("/api/clusters/local/brokers")).body).toMatchObject([{ id: 1, bytesInPerSec: 120.5, bytesOutPerSec: 80.25 }]);
    expect((await get("/api/clusters/local/topics")).body).toMatchObject({ topics: [{ name: "videos", bytesInPerSec: 100.5, bytesOutPerSec: 60 }] });
    expect((await get("/api/clusters/local/topics/videos")).body).toMatchObject({ bytesInPerSec: 100.5, bytesOutPerSec: 60 });
    const metrics = await get("/api/clusters/local/brokers/1/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ segmentSize: null, segmentCount: null });
    expect((metrics.body as { metrics: unknown[] }).metrics[0]).toEqual({ name: "kafka_server_BrokerTopicMetrics_FifteenMinuteRate", labels: { name: "BytesInPerSec" }, value: 120.5 });
    expect(await get("/api/clusters/local/brokers/7/metrics")).toMatchObject({ status: 404, body: { code: 404 } });
  });

  test("connects, connectors, one connector, its tasks and config; basic auth sent", async () => {
    expect((await get("/api/clusters/local/connects?withStats=true")).body).toEqual([
      { name: "connect", address: `http://127.0.0.1:${worker.port}`, connectorsCount: 2, failedConnectorsCount: 0, tasksCount: 3, failedTasksCount: 1, version: "3.6.2", commit: "abc", clusterId: "cid", consumerNamePattern: "connect-%s" },
    ]);
    expect((await get("/api/clusters/local/connects/connect/connectors")).body).toEqual(["pg-source", "sink"]);
    expect((await get("/api/clusters/local/connects/connect/connectors/sink")).body).toMatchObject({ name: "sink", type: "SINK", status: { state: "TASK_FAILED" }, topics: ["a", "b"], consumer: "connect-sink" });
    const tasks = (await get("/api/clusters/local/connects/connect/connectors/sink/tasks")).body as { status: { state: string; trace: string | null }; config: Record<string, string> }[];
    expect(tasks.map((t) => t.status.state)).toEqual(["RUNNING", "FAILED"]);
    expect(tasks[1].status.trace).toContain("ConnectException: boom");
    expect(tasks[0].config).toEqual({ "task.class": "T", "db.password": "******" });
    expect((await get("/api/clusters/local/connects/connect/connectors/pg-source/config")).body).toMatchObject({ "database.password": "******" });
    expect((await get("/api/clusters/local/connectors?search=sink")).body).toMatchObject([{ name: "sink", failedTasksCount: 1 }]);
    expect(workerRequests.every((r) => r.auth === `Basic ${Buffer.from("u:p").toString("base64")}`)).toBe(true);
  });

  test("unknown Connect or connector: 404; Connect unreachable: left out of the lists, 500 on a connector", async () => {
    expect(await get("/api/clusters/local/connects/nope/connectors")).toEqual({
      status: 404,
      body: { code: 404, message: "Connect nope not found for cluster local", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null },
    });
    expect(await get("/api/clusters/local/connects/connect/connectors/gone")).toMatchObject({ status: 404, body: { code: 404, message: "Connector gone not found in Connect connect" } });
    monitor.connectReaders.connect = new HttpConnectReader({ name: "connect", address: "http://127.0.0.1:1", username: null, password: null }, 1000);
    expect((await get("/api/clusters/local/connectors")).body).toEqual([]);
    expect((await get("/api/clusters/local/connects?withStats=true")).body).toMatchObject([{ connectorsCount: null, version: null }]);
    const failed = await get("/api/clusters/local/connects/connect/connectors/sink");
    expect(failed.status).toBe(500);
    expect((failed.body as { message: string }).message).toMatch(/^Kafka Connect connect at http:\/\/127\.0\.0\.1:1 did not answer GET \/connectors\?expand=info&expand=status \(.+\); check that it is up and reachable from the console\.$/);
  });
});
