import { ClusterMonitor } from "../../ui/clusterMonitor";
import { ClusterConfig } from "../../ui/config";
import { ClusterReader, DeadlineError, withDeadline } from "../../ui/kafkaAdmin";
import { ClusterSnapshot, GroupSnapshot, TopicMetadata } from "../../ui/model";
import { route } from "../../ui/routes";
import { AddressInfo } from "net";
import * as path from "path";
import { answer, createUiServer, loadAssets } from "../../ui/server";

const cluster: ClusterConfig = { name: "local", bootstrapServers: ["kb:29092"], readOnly: false, connection: {}, connects: [], metrics: null };
const videos: TopicMetadata = { name: "dbserver.public.videos", partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1] }] };
const snapshot: ClusterSnapshot = { brokers: [{ nodeId: 1, host: "kb", port: 29092 }], controller: 1, clusterId: "c", topics: [videos], brokerConfig: [] };
const sink: GroupSnapshot = {
  description: { groupId: "sink", protocolType: "consumer", protocol: "RoundRobinAssigner", state: "Empty", members: [] },
  offsets: [{ topic: videos.name, partition: 0, offset: 2 }],
  endOffsets: { [`${videos.name}:0`]: 5 },
};
const unknownGroup: GroupSnapshot = {
  description: { groupId: "nobody", protocolType: "", protocol: "", state: "Dead", members: [] },
  offsets: [],
  endOffsets: {},
};

/** A reader answering from fixed data; `fail` makes every call reject as an unreachable broker would. */
function fakeReader(fail = { now: false }): ClusterReader & { snapshots: number; recycled: number } {
  const guard = <T>(value: T): Promise<T> => (fail.now ? Promise.reject(new Error("Connection error: connect ECONNREFUSED")) : Promise.resolve(value));
  return {
    snapshots: 0,
    recycled: 0,
    snapshot() {
      this.snapshots++;
      return guard(snapshot);
    },
    topics: () => guard([videos]),
    offsets: (names) => guard(Object.fromEntries(names.map((n) => [n, [{ partition: 0, low: 0, high: 5 }]]))),
    configs: (names) => guard(Object.fromEntries(names.map((n) => [n, []]))),
    offsetsForTimestamp: () => guard({ 0: 3 }),
    readRecords: (topic, ranges) =>
      guard(
        ranges.flatMap(({ partition, from, to }) =>
          Array.from({ length: to - from }, (_, i) => ({
            partition,
            offset: from + i,
            timestamp: 1000 + from + i,
            timestampType: 0,
            key: Buffer.from(`k${from + i}`),
            value: Buffer.from(`{"n":${from + i}}`),
            headers: [["h", Buffer.from("v")]] as [string, Buffer | null][],
          })),
        ),
      ),
    consumerGroups: (ids) => guard(ids ? ids.map((id) => (id === "sink" ? sink : { ...unknownGroup, description: { ...unknownGroup.description, groupId: id } })) : [sink]),
    recycle() {
      this.recycled++;
    },
    close: () => Promise.resolve(),
  };
}

const quietLog = (): void => undefined;

async function get(monitor: ClusterMonitor, url: string) {
  const parsed = new URL(url, "http://console");
  return answer(route(parsed.pathname), parsed.searchParams, { monitors: [monitor], requestId: "r1", now: 42 });
}

describe("answer", () => {
  let fail: { now: boolean };
  let monitor: ClusterMonitor;
  beforeEach(async () => {
    fail = { now: false };
    monitor = new ClusterMonitor(cluster, fakeReader(fail), 60_000, quietLog, () => 1000);
    await monitor.refresh();
  });

  test.each([
    ["/actuator/health", 200, { status: "UP" }],
    ["/api/clusters/nope/brokers", 404, { code: 4007, message: "No cluster for name 'nope'", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null }],
    ["/api/clusters/local/topics/missing", 404, { code: 4008, message: "This topic does not exist.", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null }],
    ["/api/clusters/local/topics/missing/config", 404, { code: 4008, message: "This topic does not exist.", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null }],
    [
      "/api/clusters/local/consumer-groups/nobody",
      404,
      {
        code: 404,
        message: "Consumer group 'nobody' does not exist; check the group id (the list is at /consumer-groups/paged).",
        timestamp: 42,
        requestId: "r1",
        fieldsErrors: null,
        stackTrace: null,
      },
    ],
    ["/api/nothing", 404, { code: 5000, message: "404 NOT_FOUND", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null }],
  ])("%s → %i", async (url, status, body) => {
    expect(await get(monitor, url)).toEqual({ status, body });
  });

  test("cluster, brokers and stats come from the monitor's snapshot", async () => {
    expect((await get(monitor, "/api/clusters")).body).toMatchObject([{ name: "local", status: "ONLINE", brokerCount: 1, topicCount: 1 }]);
    expect((await get(monitor, "/api/clusters/local/brokers")).body).toMatchObject([{ id: 1, host: "kb", port: 29092, partitions: 1 }]);
    expect((await get(monitor, "/api/clusters/local/stats")).body).toMatchObject({ brokerCount: 1, activeControllers: 1 });
  });

  test("topics page, details and config", async () => {
    expect((await get(monitor, "/api/clusters/local/topics")).body).toMatchObject({
      pageCount: 1,
      topics: [{ name: videos.name, partitionCount: 1, messagesCount: 5, partitions: [{ partition: 0, offsetMin: 0, offsetMax: 5 }] }],
    });
    expect((await get(monitor, `/api/clusters/local/topics/${videos.name}`)).body).toMatchObject({ name: videos.name, keySerde: null });
    expect(await get(monitor, `/api/clusters/local/topics/${videos.name}/config`)).toEqual({ status: 200, body: [] });
  });

  test("consumer groups: paged, the plain list, and one group with lag per partition", async () => {
    const paged = await get(monitor, "/api/clusters/local/consumer-groups/paged");
    expect(paged.body).toMatchObject({ pageCount: 1, consumerGroups: [{ groupId: "sink", consumerLag: 3, state: "EMPTY" }] });
    const plain = await get(monitor, "/api/clusters/local/consumer-groups");
    expect(plain.body).toEqual((paged.body as { consumerGroups: unknown[] }).consumerGroups);
    expect((await get(monitor, "/api/clusters/local/consumer-groups/sink")).body).toMatchObject({
      groupId: "sink",
      partitions: [{ topic: videos.name, partition: 0, currentOffset: 2, endOffset: 5, consumerLag: 3 }],
    });
  });

  test("messages/v2: events of the planned range; kafbat's 400s; the old path is refused", async () => {
    const latest = await get(monitor, `/api/clusters/local/topics/${videos.name}/messages/v2?limit=2`);
    expect(latest.status).toBe(200);
    expect(latest.events!.filter((e) => e.type === "MESSAGE").map((e) => [e.message!.offset, e.message!.key, e.message!.value])).toEqual([
      [4, "k4", '{"n":4}'],
      [3, "k3", '{"n":3}'],
    ]);
    const fromTime = await get(monitor, `/api/clusters/local/topics/${videos.name}/messages/v2?mode=FROM_TIMESTAMP&timestamp=5&limit=1`);
    expect(fromTime.events!.filter((e) => e.type === "MESSAGE").map((e) => e.message!.offset)).toEqual([3]);
    const bad = (message: string) => ({ status: 400, body: { code: 4002, message, timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null } });
    expect(await get(monitor, `/api/clusters/local/topics/${videos.name}/messages/v2?mode=TO_OFFSET`)).toEqual(bad("offsets not provided for TO_OFFSET"));
    expect(await get(monitor, `/api/clusters/local/topics/${videos.name}/messages/v2?partitions=4`)).toEqual(bad("Topic dbserver.public.videos has no partition 4; it has 1."));
    expect(await get(monitor, `/api/clusters/local/topics/${videos.name}/messages`)).toEqual(bad("Not supported"));
    expect(await get(monitor, "/api/clusters/local/topics/missing/messages/v2")).toMatchObject({ status: 404, body: { code: 4008 } });
  });

  test("a Kafka failure is kafbat's 500 and asks the monitor for an early refresh", async () => {
    const reader = monitor.reader as ReturnType<typeof fakeReader>;
    fail.now = true;
    expect(await get(monitor, "/api/clusters/local/topics")).toEqual({
      status: 500,
      body: { code: 5000, message: "Connection error: connect ECONNREFUSED", timestamp: 42, requestId: "r1", fieldsErrors: null, stackTrace: null },
    });
    // The clock has not moved since the last refresh, so the early refresh is held back...
    expect(reader.snapshots).toBe(1);
    // ...and allowed once a second has passed.
    const later = new ClusterMonitor(cluster, reader, 60_000, quietLog, (() => { let t = 0; return () => (t += 1500); })());
    await get(later, "/api/clusters/local/topics");
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.snapshots).toBe(2);
    expect(later.state.status).toBe("OFFLINE");
  });
});

describe("ClusterMonitor", () => {
  test("INITIALIZING until the first refresh, then ONLINE / OFFLINE with lastError, logging each change once", async () => {
    const fail = { now: false };
    const lines: string[] = [];
    const monitor = new ClusterMonitor(cluster, fakeReader(fail), 60_000, (line) => lines.push(line), () => 7);
    expect(monitor.state).toEqual({ status: "INITIALIZING", snapshot: null, lastError: null, updatedAt: null, metrics: null });
    await monitor.refresh();
    expect(monitor.state).toEqual({ status: "ONLINE", snapshot, lastError: null, updatedAt: 7, metrics: null });
    fail.now = true;
    await monitor.refresh();
    await monitor.refresh();
    expect(monitor.state).toMatchObject({ status: "OFFLINE", snapshot: null, lastError: { message: "Connection error: connect ECONNREFUSED" } });
    expect(lines).toEqual([
      "cluster local: INITIALIZING -> ONLINE (1 broker(s))",
      "cluster local: ONLINE -> OFFLINE (Connection error: connect ECONNREFUSED)",
    ]);
  });

  test("concurrent refreshes share one snapshot call, whose connection is closed when it ends", async () => {
    const reader = fakeReader();
    const monitor = new ClusterMonitor(cluster, reader, 60_000, quietLog);
    await Promise.all([monitor.refresh(), monitor.refresh(), monitor.refresh()]);
    expect(reader.snapshots).toBe(1);
    expect(reader.recycled).toBe(1);
  });

  test("start refreshes at once and again after the interval; stop ends the schedule", async () => {
    jest.useFakeTimers();
    try {
      const reader = fakeReader();
      const monitor = new ClusterMonitor(cluster, reader, 5000, quietLog);
      monitor.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(reader.snapshots).toBe(1);
      await jest.advanceTimersByTimeAsync(5000);
      expect(reader.snapshots).toBe(2);
      await monitor.stop();
      await jest.advanceTimersByTimeAsync(20_000);
      expect(reader.snapshots).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("withDeadline", () => {
  test.each([
    [Promise.resolve("done"), "done"],
    [new Promise(() => undefined), new DeadlineError("Kafka did not answer.")],
  ])("%#", async (promise, expected) => {
    const result = withDeadline(promise, 20, "Kafka did not answer.");
    if (expected instanceof Error) await expect(result).rejects.toThrow(expected);
    else await expect(result).resolves.toBe(expected);
  });
});

describe("createUiServer (loopback HTTP, fake Kafka)", () => {
  const monitor = new ClusterMonitor(cluster, fakeReader(), 60_000, quietLog);
  const server = createUiServer({ monitors: [monitor], assets: loadAssets(path.join(__dirname, "../../ui/static")), log: quietLog });
  let base = "";
  beforeAll(async () => {
    await monitor.refresh();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test.each([
    ["GET", "/", 200, "text/html; charset=utf-8", "<title>Kafka console</title>"],
    ["GET", "/static/app.js", 200, "text/javascript; charset=utf-8", '"use strict"'],
    ["GET", "/static/style.css", 200, "text/css; charset=utf-8", ":root"],
    ["GET", "/actuator/health", 200, "application/vnd.spring-boot.actuator.v3+json", '{"status":"UP"}'],
    ["GET", "/api/clusters/local/brokers", 200, "application/json", '"host":"kb"'],
    ["GET", "/static/missing.js", 404, "application/json", '"code":5000'],
    ["POST", "/api/clusters/local/topics", 405, "application/json", "POST is not allowed: this console is read-only"],
    ["DELETE", "/api/clusters/local/topics/x", 405, "application/json", "DELETE is not allowed"],
  ])("%s %s → %i %s", async (method, urlPath, status, contentType, fragment) => {
    const response = await fetch(`${base}${urlPath}`, { method });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain(fragment);
  });

  test("messages/v2 is a text/event-stream of data frames", async () => {
    const response = await fetch(`${base}/api/clusters/local/topics/${videos.name}/messages/v2?limit=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const frames = (await response.text()).split("\n\n");
    expect(frames.map((f) => f.slice(0, 20))).toEqual([
      'data:{"type":"PHASE"',
      'data:{"type":"PHASE"',
      'data:{"type":"MESSAG',
      'data:{"type":"CONSUM',
      'data:{"type":"DONE",',
      "",
    ]);
  });

  test("HEAD answers headers without a body", async () => {
    const response = await fetch(`${base}/api/clusters`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    expect(await response.text()).toBe("");
  });
});
