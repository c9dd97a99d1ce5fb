// The console image against a real KRaft broker: kafbat's REST contract, the page in headless Chromium, and the
// OFFLINE path when the broker stops. Prints the figures it measures (image size, memory, time to first page).
import * as fs from "fs";
import * as path from "path";
import { Browser, Page } from "playwright-core";
import { deliveryProducer } from "../../components/kafkajsClient";
import { launchBrowser } from "../../support/browser";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { kafkaClient, withAdmin } from "../../support/kafkaAdmin";
import { memoryUsageBytes, removeFixture, startBroker, startUi, UiBrokerFixture, UiContainer, uiImage } from "../helpers/uiBrokerFixture";
import { waitFor } from "../../support/waitFor";
import { consoleSession, postLogin } from "../helpers/consoleLogin";
import { execIn } from "./imageContainers";

const clusterName = "local";
const cdcTopics = ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"];
/** Messages per partition: partition p of every topic gets (p + 1) * 2, so partitions differ. */
const produced = (partition: number): number => (partition + 1) * 2;
/** Committed offsets of the test group; lag = produced - committed. */
const committed: Record<string, number[]> = {
  "dbserver.public.videos": [1, 4, 0],
  "dbserver.public.users": [2, 0, 6],
};
const expectedLag = Object.entries(committed).flatMap(([topic, offsets]) =>
  offsets.map((offset, partition) => ({ topic, partition, currentOffset: offset, endOffset: produced(partition), consumerLag: produced(partition) - offset })),
);
const totalLag = expectedLag.reduce((sum, p) => sum + p.consumerLag, 0);

/** Debezium-like records: a JSON key and value and a header, so the message browser's answer can be checked exactly. */
const seedMessage = (topic: string, partition: number, i: number) => ({
  partition,
  key: JSON.stringify({ id: `${partition}-${i}` }),
  value: JSON.stringify({ op: "c", source: { table: topic.split(".").pop() }, after: { id: `${partition}-${i}`, n: i } }),
  headers: { seq: String(i) },
});

/** The kafbat TopicMessage the console should send for a seeded record. */
const expectedMessage = (topic: string, partition: number, offset: number) => {
  const seeded = seedMessage(topic, partition, offset);
  return expect.objectContaining({
    partition,
    offset,
    key: seeded.key,
    value: seeded.value,
    headers: seeded.headers,
    timestampType: "CREATE_TIME",
    keySize: Buffer.byteLength(seeded.key),
    valueSize: Buffer.byteLength(seeded.value),
    headersSize: "seq".length + String(offset).length,
    keySerde: "String",
    valueSerde: "String",
  });
};

/** The data frames of kafbat's SSE answer, parsed. */
async function getEvents(urlPath: string): Promise<{ status: number; contentType: string | null; events: any[] }> {
  const response = await fetch(`${ui.url}${urlPath}`, { headers: { Accept: "text/event-stream" }, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  const events = response.ok ? text.split("\n\n").filter((f) => f !== "").map((f) => JSON.parse(f.replace(/^data:/, ""))) : [JSON.parse(text)];
  return { status: response.status, contentType: response.headers.get("content-type"), events };
}

const id = uniqueId("ui");
const groupId = `${id}-sink`;
const figures: Record<string, string> = {};
let fixture: UiBrokerFixture;
let ui: UiContainer;
let browser: Browser | undefined;
let page: Page | undefined;

async function getJson(urlPath: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${ui.url}${urlPath}`, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: await response.json() };
}

const api = (suffix: string): string => `/api/clusters/${clusterName}${suffix}`;

async function seedCluster(): Promise<void> {
  await withAdmin(fixture.bootstrapServers, async (admin) => {
    await admin.createTopics({ topics: cdcTopics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
    // Idempotent: a request retried under load must not write the seed twice (the counts below are exact).
    const producer = deliveryProducer(kafkaClient(fixture.bootstrapServers));
    await producer.connect();
    try {
      await producer.sendBatch({
        topicMessages: cdcTopics.map((topic) => ({
          topic,
          messages: [0, 1, 2].flatMap((partition) => Array.from({ length: produced(partition) }, (_, i) => seedMessage(topic, partition, i))),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    // kafkajs's setOffsets joins the group briefly as a consumer and leaves: an EMPTY consumer group whose lag is
    // fixed in advance.
    for (const [topic, offsets] of Object.entries(committed)) {
      await admin.setOffsets({ groupId, topic, partitions: offsets.map((offset, partition) => ({ partition, offset: String(offset) })) });
    }
  });
}

beforeAll(async () => {
  const started = Date.now();
  fixture = await startBroker(id);
  figures["broker ready (s)"] = ((Date.now() - started) / 1000).toFixed(1);
  await seedCluster();
  ui = await startUi(fixture, clusterName);
  await waitFor(async () => (await getJson("/actuator/health")).body.status === "UP", { timeoutMs: 20_000, intervalMs: 50, what: "the console's health to be UP" });
  figures["UI start → /actuator/health UP (ms)"] = String(Date.now() - ui.startedAt);
  await waitFor(async () => (await getJson("/api/clusters")).body[0].status === "ONLINE", { timeoutMs: 20_000, intervalMs: 50, what: "the cluster to be ONLINE" });
  figures["UI start → cluster ONLINE (ms)"] = String(Date.now() - ui.startedAt);
  figures["console memory, ONLINE, no page (MiB)"] = ((await memoryUsageBytes(ui.name)) / 2 ** 20).toFixed(1);
}, 150_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await removeFixture(id);
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`cdc-kafka.test=${id}`] } });
  expect(leftovers).toEqual([]);
  console.log(`kafka-ui figures:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
}, 60_000);

describe("the image", () => {
  test("runs the console as uid 10001 with no_new_privs, exposes 8080, leaves HEALTHCHECK to the component, and its probe passes", async () => {
    const { Config } = await docker.getImage(uiImage).inspect();
    // The entrypoint starts as root only to hand the secret files over, then drops to the console's user.
    expect(Config.User).toBe("");
    const status = (await execIn(ui.name, ["cat", "/proc/1/status"])).stdout;
    expect(status).toMatch(/^Uid:\t10001\t10001\t10001\t10001$/m);
    expect(status).toMatch(/^Gid:\t10001\t10001\t10001\t10001$/m);
    expect(status).toMatch(/^Groups:\s*$/m);
    expect(status).toMatch(/^NoNewPrivs:\t1$/m);
    expect(Object.keys(Config.ExposedPorts ?? {})).toEqual(["8080/tcp"]);
    expect(Config.Healthcheck).toBeFalsy();
    const exec = await docker.getContainer(ui.name).exec({ Cmd: ["/opt/kafka-ui/healthcheck.sh"], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    await new Promise((resolve) => stream.on("end", resolve).resume());
    expect((await exec.inspect()).ExitCode).toBe(0);
  });
});

describe("kafbat REST contract", () => {
  test("/actuator/health is process health: UP", async () => {
    expect(await getJson("/actuator/health")).toEqual({ status: 200, body: { status: "UP" } });
  });

  test("/api/clusters: ONLINE KRaft cluster with one broker and the CDC topics", async () => {
    const { status, body } = await getJson("/api/clusters");
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ name: clusterName, status: "ONLINE", lastError: null, brokerCount: 1, readOnly: false, controller: "KRAFT", features: [] });
    expect(body[0].version).toMatch(/^3\.6/);
    // The three topics plus __consumer_offsets, which the group's commits created.
    expect(body[0].topicCount).toBe(cdcTopics.length + 1);
    expect(body[0].onlinePartitionCount).toBe(cdcTopics.length * 3 + 50);
  });

  test("/brokers and /stats: broker 1 on the internal listener is the active controller", async () => {
    const brokers = await getJson(api("/brokers"));
    expect(brokers.status).toBe(200);
    expect(brokers.body).toEqual([
      expect.objectContaining({ id: 1, host: "kb", port: 29092, partitions: cdcTopics.length * 3 + 50, partitionsLeader: cdcTopics.length * 3 + 50 }),
    ]);
    expect((await getJson(api("/stats"))).body).toMatchObject({ brokerCount: 1, activeControllers: 1, offlinePartitionCount: 0, underReplicatedPartitionCount: 0 });
  });

  test("/topics: the three CDC topics with their partitions, replicas, ISR and offsets", async () => {
    const { status, body } = await getJson(api("/topics?page=1&perPage=25&showInternal=false"));
    expect(status).toBe(200);
    expect(body.pageCount).toBe(1);
    expect(body.topics.map((t: { name: string }) => t.name)).toEqual([...cdcTopics].sort());
    for (const topic of body.topics) {
      expect(topic).toMatchObject({ internal: false, partitionCount: 3, replicationFactor: 1, replicas: 3, inSyncReplicas: 3, cleanUpPolicy: "DELETE", messagesCount: 12 });
      expect(topic.partitions).toEqual(
        [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [{ broker: 1, leader: true, inSync: true }], offsetMin: 0, offsetMax: produced(partition) })),
      );
    }
    const withInternal = await getJson(api("/topics?showInternal=true"));
    expect(withInternal.body.topics.find((t: { name: string }) => t.name === "__consumer_offsets")).toMatchObject({ internal: true, partitionCount: 50 });
  });

  test("/topics/{t} and /topics/{t}/config", async () => {
    const details = await getJson(api("/topics/dbserver.public.videos"));
    expect(details.body).toMatchObject({ name: "dbserver.public.videos", partitionCount: 3, keySerde: null, valueSerde: null });
    const configs = await getJson(api("/topics/dbserver.public.videos/config"));
    expect(configs.status).toBe(200);
    expect(configs.body.find((c: { name: string }) => c.name === "cleanup.policy")).toMatchObject({ value: "delete", defaultValue: "delete", source: "DEFAULT_CONFIG" });
    expect(await getJson(api("/topics/no.such.topic"))).toMatchObject({ status: 404, body: { code: 4008 } });
  });

  test("/consumer-groups/paged (and the plain list): the group with its total lag", async () => {
    const paged = await getJson(api("/consumer-groups/paged?page=1&perPage=25"));
    expect(paged.status).toBe(200);
    const group = paged.body.consumerGroups.find((g: { groupId: string }) => g.groupId === groupId);
    expect(group).toMatchObject({ groupId, members: 0, topics: 2, simple: false, state: "EMPTY", consumerLag: totalLag, coordinator: { id: 1, host: "kb", port: 29092 } });
    const plain = await getJson(api("/consumer-groups"));
    expect(plain.body).toEqual(paged.body.consumerGroups);
  });

  test("/consumer-groups/{id}: lag per partition", async () => {
    const { status, body } = await getJson(api(`/consumer-groups/${groupId}`));
    expect(status).toBe(200);
    expect(body.consumerLag).toBe(totalLag);
    expect(body.partitions).toEqual(
      [...expectedLag]
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
        .map((p) => ({ ...p, consumerId: null, host: null })),
    );
  });

  test("/topics/{t}/messages/v2: the newest messages by default, exactly as produced, as kafbat's SSE events", async () => {
    const topic = cdcTopics[0];
    const { status, contentType, events } = await getEvents(api(`/topics/${topic}/messages/v2`));
    expect(status).toBe(200);
    expect(contentType).toBe("text/event-stream");
    expect(events.map((e) => e.type)).toEqual(["PHASE", "PHASE", ...Array(12).fill("MESSAGE"), "CONSUMING", "DONE"]);
    expect(events[1].phase).toEqual({ name: "Polling partitions: [0, 1, 2]" });
    const messages = events.filter((e) => e.type === "MESSAGE").map((e) => e.message);
    const all = [0, 1, 2].flatMap((partition) => Array.from({ length: produced(partition) }, (_, offset) => ({ partition, offset })));
    const byPosition = (a: { partition: number; offset: number }, b: { partition: number; offset: number }) => a.partition - b.partition || a.offset - b.offset;
    expect([...messages].sort(byPosition)).toEqual(all.map(({ partition, offset }) => expectedMessage(topic, partition, offset)));
    // Newest first (LATEST is a backward mode).
    const times = messages.map((m: { timestamp: string }) => Date.parse(m.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events[events.length - 1]).toEqual({
      type: "DONE",
      message: null,
      phase: null,
      cursor: null,
      consuming: { bytesConsumed: expect.any(Number), elapsedMs: expect.any(Number), isCancelled: false, messagesConsumed: 12, filterApplyErrors: 0 },
    });
  });

  test("/messages/v2 from an offset on one partition, with a limit, and kafbat's 400s", async () => {
    const topic = cdcTopics[1];
    const { events } = await getEvents(api(`/topics/${topic}/messages/v2?mode=FROM_OFFSET&offset=1&partitions=2&limit=3`));
    expect(events.filter((e) => e.type === "MESSAGE").map((e) => e.message)).toEqual([1, 2, 3].map((offset) => expectedMessage(topic, 2, offset)));
    const future = await getEvents(api(`/topics/${topic}/messages/v2?mode=FROM_TIMESTAMP&timestamp=${Date.now() + 3_600_000}`));
    expect(future.events.filter((e) => e.type === "MESSAGE")).toEqual([]);
    expect(await getEvents(api(`/topics/${topic}/messages/v2?mode=FROM_OFFSET`))).toMatchObject({ status: 400, events: [{ code: 4002, message: "offsets not provided for FROM_OFFSET" }] });
    expect(await getEvents(api("/topics/no.such.topic/messages/v2"))).toMatchObject({ status: 404, events: [{ code: 4008 }] });
  });

  test("/messages/v2 shows committed records only: an aborted transaction's records and the transaction markers never appear", async () => {
    const topic = `${id}.transactions`;
    const kafka = kafkaClient(fixture.bootstrapServers);
    await withAdmin(fixture.bootstrapServers, (admin) => admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true }));
    const producer = kafka.producer({ transactionalId: `${id}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: ["aborted-1", "aborted-2", "aborted-3"].map((value) => ({ value })) });
      await aborted.abort();
      const kept = await producer.transaction();
      await kept.send({ topic, messages: ["committed-1", "committed-2"].map((value) => ({ value })) });
      await kept.commit();
    } finally {
      await producer.disconnect();
    }
    try {
      const { events } = await getEvents(api(`/topics/${topic}/messages/v2?mode=EARLIEST`));
      // Offsets 0-2 aborted, 3 the abort marker, 4-5 committed, 6 the commit marker.
      expect(events.filter((e) => e.type === "MESSAGE").map((e) => [e.message.offset, e.message.value])).toEqual([
        [4, "committed-1"],
        [5, "committed-2"],
      ]);
    } finally {
      // The later tests expect the cluster's topics to be the CDC topics alone.
      await withAdmin(fixture.bootstrapServers, (admin) => admin.deleteTopics({ topics: [topic] }));
    }
  });

  test("unknown cluster: 404 with kafbat's error shape", async () => {
    const { status, body } = await getJson("/api/clusters/nope/topics");
    expect(status).toBe(404);
    expect(body).toEqual({ code: 4007, message: "No cluster for name 'nope'", timestamp: expect.any(Number), requestId: expect.any(String), fieldsErrors: null, stackTrace: null });
  });
});

describe("the page in headless Chromium", () => {
  test("shows the broker, the controller, the three topics and the group's lag", async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const started = Date.now();
    await page.goto(ui.url, { waitUntil: "domcontentloaded" });
    await page.locator(`#topics tr[data-topic="${cdcTopics[2]}"]`).waitFor({ timeout: 20_000 });
    figures["page navigation → topics rendered (ms)"] = String(Date.now() - started);

    await expect(page.locator("#cluster-status").textContent()).resolves.toBe("ONLINE");
    await expect(page.locator('#brokers tr[data-broker="1"]').innerText()).resolves.toMatch(/kb:29092\s+active controller/);
    for (const topic of cdcTopics) await expect(page.locator(`#topics tr[data-topic="${topic}"]`).count()).resolves.toBe(1);
    await expect(page.locator(`#groups tr[data-group="${groupId}"]`).innerText()).resolves.toContain(String(totalLag));
    const lagRow = page.locator('#groups tr[data-partition="dbserver.public.videos:0"]');
    await expect(lagRow.innerText()).resolves.toMatch(/dbserver\.public\.videos\s+0\s+1\s+2\s+1/);
    // Topic configs arrive just after the first render; the overrides column then says "none" for these topics.
    await page.locator(`#topics tr[data-topic="${cdcTopics[0]}"] td:last-child`, { hasText: "none" }).waitFor({ timeout: 10_000 });

    const screenshot = path.join(__dirname, "..", "..", "test-results", "ui.png");
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    figures["console memory with the page polling (MiB)"] = ((await memoryUsageBytes(ui.name)) / 2 ** 20).toFixed(1);

    // The group's page: its lag per partition, linked from the groups list.
    await page.locator(`#groups a[data-group-link="${groupId}"]`).click();
    await page.locator("#group-summary").waitFor({ timeout: 10_000 });
    await expect(page.locator("#group-summary").innerText()).resolves.toMatch(new RegExp(`Lag\\s+${totalLag}\\b`));
    await expect(page.locator('#subpage tr[data-partition="dbserver.public.users:2"]').innerText()).resolves.toMatch(/dbserver\.public\.users\s+2\s+6\s+6\s+0/);
    await page.screenshot({ path: path.join(path.dirname(screenshot), "ui-group.png"), fullPage: true });

    // A topic's messages, linked from the topics list: every seeded record, the JSON value pretty-printed.
    await page.locator("#back").click();
    await page.locator(`#topics a[data-messages="${cdcTopics[0]}"]`).click();
    await page.locator('#messages tr[data-message="2:5"]').waitFor({ timeout: 10_000 });
    await expect(page.locator("#messages tr[data-message]").count()).resolves.toBe(12);
    const row = await page.locator('#messages tr[data-message="2:5"]').innerText();
    expect(row).toContain('{"id":"2-5"}');
    expect(row).toContain('"op": "c"');
    expect(row).toContain("seq: 5");
    await page.screenshot({ path: path.join(path.dirname(screenshot), "ui-messages.png"), fullPage: true });
    await page.locator("#back").click();
    await page.locator("#summary").waitFor({ state: "visible", timeout: 5_000 });
    figures["image size (MB)"] = ((await docker.getImage(uiImage).inspect()).Size / 1e6).toFixed(0);
  }, 60_000);
});

describe("the login (AUTH_TYPE=LOGIN_FORM, the password from a config-tree file)", () => {
  const account = { username: "admin", password: `pw-${id}-login` };
  const secretsDir = "/etc/kafka-ui-secrets";
  let guarded: UiContainer;
  const get = (urlPath: string, headers: Record<string, string> = {}) =>
    fetch(`${guarded.url}${urlPath}`, { headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });

  beforeAll(async () => {
    guarded = await startUi(
      fixture,
      clusterName,
      ["AUTH_TYPE=LOGIN_FORM", `SPRING_SECURITY_USER_NAME=${account.username}`, `SPRING_CONFIG_IMPORT=optional:configtree:${secretsDir}/`],
      // With a trailing newline, as `echo` writes it: Spring's config tree trims it, so must the console.
      [{ path: `${secretsDir}/spring.security.user.password`, content: `${account.password}\n` }],
      "ui-login",
    );
    await waitFor(async () => (await get("/actuator/health")).status === 200, { timeoutMs: 20_000, intervalMs: 50, what: "the login console's health to be UP" });
    figures["UI with login start → /actuator/health UP (ms)"] = String(Date.now() - guarded.startedAt);
  }, 60_000);

  test("the uploaded password file ends 0400 and the console's (its directory 0500), and is in no environment variable", async () => {
    const stat = await execIn(guarded.name, ["stat", "-c", "%a %u %g %n", secretsDir, `${secretsDir}/spring.security.user.password`]);
    expect(stat.stdout.trim().split("\n")).toEqual([`500 10001 10001 ${secretsDir}`, `400 10001 10001 ${secretsDir}/spring.security.user.password`]);
    const { Config } = await docker.getContainer(guarded.name).inspect();
    expect((Config.Env ?? []).filter((variable) => variable.includes(account.password))).toEqual([]);
    const logs = (await docker.getContainer(guarded.name).logs({ stdout: true, stderr: true })).toString();
    expect(logs).toContain(`(login form as ${account.username})`);
    expect(logs.includes(account.password)).toBe(false);
  });

  test("without a session: every API path 401, the page redirected to /login; the form and the health probe open", async () => {
    for (const urlPath of ["/api/clusters", api("/topics"), api(`/topics/${cdcTopics[0]}/messages/v2`), api("/consumer-groups/paged")]) {
      const response = await get(urlPath);
      expect([urlPath, response.status]).toEqual([urlPath, 401]);
      expect((await response.json()).code).toBe(401);
    }
    const page = await get("/");
    expect([page.status, page.headers.get("location")]).toEqual([302, "/login"]);
    const form = await get("/login");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="/login">');
    expect((await get("/actuator/health")).status).toBe(200);
  });

  test("a wrong password or user: back to the form with an error, no cookie", async () => {
    for (const wrong of [{ ...account, password: "not-the-password" }, { ...account, username: "root" }]) {
      expect(await postLogin(guarded.url, wrong)).toEqual({ status: 303, location: "/login?error", setCookie: null });
    }
  });

  test("the right password: an HttpOnly SameSite=Strict session cookie, with which the API answers; logout ends the session", async () => {
    const { setCookie } = await postLogin(guarded.url, account);
    expect(setCookie).toMatch(/^SESSION=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const cookie = await consoleSession(guarded.url, account);
    const clusters = await get("/api/clusters", cookie);
    expect(clusters.status).toBe(200);
    expect((await clusters.json())[0]).toMatchObject({ name: clusterName });
    const topics = await get(api("/topics"), cookie);
    expect((await topics.json()).topics.map((t: { name: string }) => t.name)).toEqual([...cdcTopics].sort());
    const logout = await get("/logout", cookie);
    expect([logout.status, logout.headers.get("location")]).toEqual([303, "/login?logout"]);
    expect((await get("/api/clusters", cookie)).status).toBe(401);
  });

  test("in Chromium: the page leads to the form, logging in shows the cluster, Log out leads back", async () => {
    const loginBrowser = browser ?? (browser = await launchBrowser());
    const context = await loginBrowser.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(guarded.url, { waitUntil: "domcontentloaded" });
      expect(new URL(tab.url()).pathname).toBe("/login");
      await tab.fill('input[name="username"]', account.username);
      await tab.fill('input[name="password"]', account.password);
      await tab.click('button[type="submit"]');
      await tab.locator(`#topics tr[data-topic="${cdcTopics[2]}"]`).waitFor({ timeout: 20_000 });
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: "SESSION", httpOnly: true, sameSite: "Strict" });
      await tab.locator("#logout").click();
      await tab.locator('form[action="/login"]').waitFor({ timeout: 10_000 });
      await expect(tab.locator(".notice").textContent()).resolves.toBe("You are logged out.");
    } finally {
      await context.close();
    }
  }, 60_000);

  // Last: it locks this test's address out of the login console for a minute.
  test("five failed logins: the address gets 429 with Retry-After, even with the right password", async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin(guarded.url, { ...account, password: `guess-${i}` })).status).toBe(303);
    const refused = await fetch(`${guarded.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(account).toString(),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.text()).toContain("Too many failed logins from your address");
  });
});

describe("when the broker stops", () => {
  test("/api/clusters turns OFFLINE with lastError within seconds, health stays UP, and the page says so", async () => {
    const stopRequested = Date.now();
    await docker.getContainer(fixture.brokerContainer).stop({ t: 10 });
    const stopped = Date.now();
    figures["broker graceful stop took (ms)"] = String(stopped - stopRequested);
    const cluster = await waitFor(
      async () => {
        const [c] = (await getJson("/api/clusters")).body;
        return c.status === "OFFLINE" && c;
      },
      { timeoutMs: 15_000, intervalMs: 100, what: "the cluster to be reported OFFLINE" },
    );
    figures["broker stop requested → cluster OFFLINE (ms)"] = String(Date.now() - stopRequested);
    expect(cluster).toMatchObject({ status: "OFFLINE", brokerCount: 0, lastError: { message: expect.any(String) } });
    expect(cluster.lastError.message.length).toBeGreaterThan(0);
    expect(await getJson("/actuator/health")).toEqual({ status: 200, body: { status: "UP" } });
    // A live request fails fast with kafbat's 500 instead of hanging.
    const before = Date.now();
    expect(await getJson(api("/topics"))).toMatchObject({ status: 500, body: { code: 5000 } });
    figures["topics request while OFFLINE (ms)"] = String(Date.now() - before);

    if (!page) throw new Error("The page test did not open the page; run the whole file.");
    const offlineSeen = Date.now();
    await page.locator("#banner", { hasText: "OFFLINE" }).waitFor({ timeout: 10_000 });
    figures["OFFLINE in the API → page banner (ms)"] = String(Date.now() - offlineSeen);
    await expect(page.locator("#cluster-status").textContent()).resolves.toBe("OFFLINE");
    await expect(page.locator("#summary").innerText()).resolves.toContain("OFFLINE");
    await page.screenshot({ path: path.join(__dirname, "..", "..", "test-results", "ui-offline.png") });
  }, 60_000);

  test("and ONLINE again, on a fresh connection, once the broker is back", async () => {
    await docker.getContainer(fixture.brokerContainer).start();
    const restarted = Date.now();
    await waitFor(async () => (await getJson("/api/clusters")).body[0].status === "ONLINE", { timeoutMs: 45_000, intervalMs: 200, what: "the cluster to be ONLINE again" });
    figures["broker restarted → cluster ONLINE (ms)"] = String(Date.now() - restarted);
    const { body } = await getJson(api("/topics"));
    expect(body.topics.map((t: { name: string }) => t.name)).toEqual([...cdcTopics].sort());
    await page!.locator("#banner").waitFor({ state: "hidden", timeout: 15_000 });
  }, 60_000);
});
