// KafkaConnector against a real Connect worker (the Connect image, Debezium's PostgreSQL connector, a PostgreSQL, all
// on the integration stack's Kafka), each scenario its own connector and Pulumi stack: drift made through the REST API,
// a paused and a failed connector, found by `preview --refresh` and put right by `up --refresh`; an update that fails at
// run time (the old config RUNNING again, nothing left over); a create that finds the name taken (one sentence, the
// connector untouched); destroy with the
// worker stopped (the sentence, within the bound). After each, another `up` has nothing to do.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { KafkaConnector, connectorTimings } from "../../components/kafkaConnector";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { waitFor } from "../../support/waitFor";
import { applyToolchainEnv } from "../../toolchain/env";
import { ConnectWorker, startConnectWorker } from "../helpers/connectWorker";
import { output } from "../helpers/stack";
import { leakedSecrets } from "../helpers/secretLeaks";

const PROJECT = "cdc-kafka-connector-it";
// A value the connector config carries as a secret (PostgreSQL trusts the network here, so it opens nothing): it must
// never appear in the engine's output.
const SECRET = `never-printed-${uniqueId("pw")}`;

let worker: ConnectWorker;
const stacks: Stack[] = [];
const log: string[] = [];
const onOutput = (line: string) => log.push(line);

beforeAll(async () => {
  worker = await startConnectWorker(uniqueId("kc"), output("networkName"), output("internalBootstrapServers"));
  await worker.sql("CREATE TABLE items (id serial PRIMARY KEY, name text)");
}, 300_000);

afterAll(async () => {
  for (const stack of stacks) {
    await stack.destroy({ onOutput }).catch(() => undefined);
    await stack.workspace.removeStack(stack.name).catch(() => undefined);
  }
  await worker?.remove();
  const left = await docker.listContainers({ all: true, filters: { label: ["cdc-kafka.test=kafkaConnector"] } });
  expect(left.map((container) => container.Names[0])).toEqual([]);
}, 300_000);

afterEach(() => {
  expect(leakedSecrets(log.join(""), [{ name: "the connector's database password", value: SECRET }])).toEqual([]);
  log.length = 0;
});

/** The Debezium config of connector `name`: its own slot, publication and topic prefix, the table `items`. */
function debeziumConfig(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const slot = name.replace(/[^a-z0-9]/g, "_");
  return {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "database.hostname": worker.postgresContainer,
    "database.port": "5432",
    "database.user": "cdc",
    "database.dbname": "app",
    "plugin.name": "pgoutput",
    "topic.prefix": name,
    "slot.name": slot,
    "publication.name": `${slot}_pub`,
    "publication.autocreate.mode": "filtered",
    "table.include.list": "public.items",
    "topic.creation.default.replication.factor": "1",
    "topic.creation.default.partitions": "1",
    ...extra,
  };
}

function program(name: string, config: Record<string, string>, opts: pulumi.CustomResourceOptions = {}, adoptExisting?: boolean): PulumiFn {
  return async () => {
    const connector = new KafkaConnector(
      name,
      { connectUrl: worker.url, connectorName: name, config: { ...config, "database.password": pulumi.secret(SECRET) }, runningTimeoutSeconds: 90, adoptExisting },
      opts,
    );
    return { connectorState: connector.connectorState };
  };
}

async function newStack(name: string): Promise<Stack> {
  applyToolchainEnv();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: PROJECT, program: async () => ({}) },
    {
      workDir,
      projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
      envVars: { NODE_PATH: path.join(__dirname, "..", "..", "node_modules") },
    },
  );
  stacks.push(stack);
  return stack;
}

async function rest(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${worker.url}${pathname}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const status = async (name: string) => (await rest("GET", `/connectors/${name}/status`)).json;
const liveConfig = async (name: string) => (await rest("GET", `/connectors/${name}/config`)).json as Record<string, string>;
const connectorNames = async () => ((await rest("GET", "/connectors")).json as string[]).sort();

async function waitForState(name: string, connector: string, task: string): Promise<void> {
  await waitFor(async () => {
    const now = await status(name);
    return now?.connector?.state === connector && now.tasks?.[0]?.state === task;
  }, { timeoutMs: 90_000, what: `connector ${name} ${connector} with task 0 ${task}` });
}

/** The steps of an up or preview other than "same": empty when there is nothing to do. */
function changesOf(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([kind, count]) => kind !== "same" && count > 0));
}

async function expectNothingToDo(stack: Stack, fn: PulumiFn): Promise<void> {
  const again = await stack.up({ program: fn, refresh: true, onOutput });
  expect(changesOf(again.summary.resourceChanges)).toEqual({});
}

async function upRunning(stack: Stack, name: string, fn: PulumiFn): Promise<void> {
  const started = Date.now();
  const result = await stack.up({ program: fn, onOutput });
  console.log(`${name}: created RUNNING in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(result.outputs.connectorState.value).toBe("RUNNING");
  expect((await status(name)).tasks.map((task: { state: string }) => task.state)).toEqual(["RUNNING"]);
}

test("drift made through the REST API: preview --refresh shows it by setting name, up --refresh puts the declared config back", async () => {
  const name = uniqueId("kc-drift");
  const stack = await newStack(name);
  const fn = program(name, debeziumConfig(name));
  await upRunning(stack, name, fn);
  expect(changesOf((await stack.preview({ program: fn, refresh: true, onOutput })).changeSummary)).toEqual({});

  const drifted = { ...(await liveConfig(name)), "heartbeat.interval.ms": "12345", "database.password": "changed-by-rest" };
  expect((await rest("PUT", `/connectors/${name}/config`, drifted)).status).toBe(200);
  log.length = 0;
  const preview = await stack.preview({ program: fn, refresh: true, diff: true, onOutput });
  expect(changesOf(preview.changeSummary)).toEqual({ update: 1 });
  const plan = log.join("");
  expect(plan).toContain("driftedSettings");
  expect(plan).toContain("heartbeat.interval.ms");
  expect(plan).not.toContain("changed-by-rest");
  console.log(`drift: preview --refresh plans ${JSON.stringify(changesOf(preview.changeSummary))}`);

  const up = await stack.up({ program: fn, refresh: true, onOutput });
  expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 1 });
  const restored = await liveConfig(name);
  expect(restored["heartbeat.interval.ms"]).toBeUndefined();
  expect(restored["database.password"]).toBe(SECRET);
  await waitForState(name, "RUNNING", "RUNNING");
  await expectNothingToDo(stack, fn);
});

test("a paused connector: found by preview --refresh, resumed by up --refresh", async () => {
  const name = uniqueId("kc-paused");
  const stack = await newStack(name);
  const fn = program(name, debeziumConfig(name));
  await upRunning(stack, name, fn);
  expect((await rest("PUT", `/connectors/${name}/pause`)).status).toBe(202);
  await waitForState(name, "PAUSED", "PAUSED");

  const preview = await stack.preview({ program: fn, refresh: true, diff: true, onOutput });
  expect(changesOf(preview.changeSummary)).toEqual({ update: 1 });
  expect(log.join("")).toContain("PAUSED");
  const up = await stack.up({ program: fn, refresh: true, onOutput });
  expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 1 });
  expect(up.outputs.connectorState.value).toBe("RUNNING");
  await waitForState(name, "RUNNING", "RUNNING");
  await expectNothingToDo(stack, fn);
});

test("a failed task (its publication dropped, then back): found by preview --refresh, restarted by up --refresh", async () => {
  const name = uniqueId("kc-failed");
  const slot = name.replace(/[^a-z0-9]/g, "_");
  // The publication is the database's, not the connector's: Debezium does not make it again, so dropping it fails the task.
  await worker.sql(`CREATE PUBLICATION ${slot}_pub FOR TABLE items`);
  const stack = await newStack(name);
  const fn = program(name, debeziumConfig(name, { "publication.autocreate.mode": "disabled" }));
  await upRunning(stack, name, fn);

  await worker.sql(`DROP PUBLICATION ${slot}_pub`);
  expect((await rest("POST", `/connectors/${name}/tasks/0/restart`)).status).toBeLessThan(300);
  await waitForState(name, "RUNNING", "FAILED");
  console.log(`failed: task 0 ${(await status(name)).tasks[0].trace.split("\n")[0]}`);
  await worker.sql(`CREATE PUBLICATION ${slot}_pub FOR TABLE items`);

  const preview = await stack.preview({ program: fn, refresh: true, diff: true, onOutput });
  expect(changesOf(preview.changeSummary)).toEqual({ update: 1 });
  const up = await stack.up({ program: fn, refresh: true, onOutput });
  expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 1 });
  await waitForState(name, "RUNNING", "RUNNING");
  await expectNothingToDo(stack, fn);
});

test("an update that validates but fails at run time: the error, the previous config RUNNING again, nothing left over", async () => {
  const name = uniqueId("kc-update");
  const stack = await newStack(name);
  const good = debeziumConfig(name);
  const fn = program(name, good);
  await upRunning(stack, name, fn);
  const before = await connectorNames();

  // A publication that does not exist, which Debezium may not make: Connect's validation accepts it, the task fails at start.
  const bad = program(name, { ...good, "publication.autocreate.mode": "disabled", "publication.name": `${good["slot.name"]}_missing` });
  const started = Date.now();
  const error = await stack.up({ program: bad, onOutput }).then(
    () => undefined,
    (failure: Error) => failure,
  );
  const seconds = (Date.now() - started) / 1000;
  expect(error?.message).toMatch(new RegExp(`Task 0 of connector ${name} failed: .+ The previous config was restored and runs again\\.`));
  console.log(`update: failed and restored in ${seconds.toFixed(1)} s`);

  const live = await liveConfig(name);
  expect(live["publication.autocreate.mode"]).toBe("filtered");
  expect(live["publication.name"]).toBe(good["publication.name"]);
  await waitForState(name, "RUNNING", "RUNNING");
  expect(await connectorNames()).toEqual(before);
  await expectNothingToDo(stack, fn);
});

test("create of a connector that exists: one sentence, the connector left as it was; adoptExisting takes it only once its live config is the declared one", async () => {
  const name = uniqueId("kc-exists");
  const config = { ...debeziumConfig(name), "database.password": SECRET };
  expect((await rest("PUT", `/connectors/${name}/config`, { ...config, "heartbeat.interval.ms": "5000" })).status).toBe(201);
  await waitForState(name, "RUNNING", "RUNNING");
  const stack = await newStack(name);
  const failedUp = (fn: PulumiFn) =>
    stack.up({ program: fn, onOutput }).then(
      () => undefined,
      (failure: Error) => failure,
    );

  const refused = await failedUp(program(name, debeziumConfig(name)));
  expect(refused?.message).toContain(
    `Kafka Connect at ${worker.url} already has a connector named ${name}, which this stack did not create; ` +
      "set adoptExisting: true on this KafkaConnector to take it into the stack (done only when its live config is the declared one), " +
      `choose another connectorName, or delete that connector (\`curl -X DELETE ${worker.url}/connectors/${name}\`) and run \`pulumi up\` again.`,
  );
  // The failed create deleted nothing of someone else's.
  expect((await liveConfig(name))["heartbeat.interval.ms"]).toBe("5000");

  // adoptExisting compares as an import would: the live heartbeat setting is not declared, so nothing is adopted or written.
  const adopting = program(name, debeziumConfig(name), {}, true);
  const mismatch = await failedUp(adopting);
  expect(mismatch?.message).toContain(`Connector ${name} at ${worker.url} was not adopted: its live config differs from the declared one in heartbeat.interval.ms; `);
  expect((await liveConfig(name))["heartbeat.interval.ms"]).toBe("5000");

  // Its owner puts the declared config on the worker: the same up adopts it, and the next has nothing to do.
  expect((await rest("PUT", `/connectors/${name}/config`, config)).status).toBe(200);
  await waitForState(name, "RUNNING", "RUNNING");
  await upRunning(stack, name, adopting);
  expect((await liveConfig(name))["heartbeat.interval.ms"]).toBeUndefined();
  await expectNothingToDo(stack, adopting);
});

test("destroy with the worker stopped: one sentence with both ways out, within the bound; with the worker back, destroyed", async () => {
  const name = uniqueId("kc-gone");
  const stack = await newStack(name);
  const fn = program(name, debeziumConfig(name));
  await upRunning(stack, name, fn);
  await docker.getContainer(worker.connectContainer).stop();
  try {
    const started = Date.now();
    const error = await stack.destroy({ onOutput }).then(
      () => undefined,
      (failure: Error) => failure,
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`destroy with the worker stopped: failed after ${seconds.toFixed(1)} s (bound ${connectorTimings.deleteWaitSeconds} s)`);
    expect(error?.message).toMatch(
      new RegExp(
        `Kafka Connect at ${worker.url} did not answer for ${connectorTimings.deleteWaitSeconds} s \\(ECONNREFUSED\\), so connector ${name} was not deleted; ` +
          "start the worker and run the command again, or, if the worker is gone for good, drop the connector from the stack with " +
          `\`pulumi state delete 'urn:pulumi:${name}::${PROJECT}::pulumi-nodejs:dynamic/cdc-kafka:KafkaConnector::${name}'\`\\.`,
      ),
    );
    expect(seconds).toBeGreaterThanOrEqual(connectorTimings.deleteWaitSeconds);
  } finally {
    await docker.getContainer(worker.connectContainer).start();
    await worker.waitReady();
  }
  await waitForState(name, "RUNNING", "RUNNING");
  await stack.destroy({ onOutput });
  expect(await connectorNames()).not.toContain(name);
  // Nothing left in the stack either (a destroy removes the stack's own resource too).
  expect((await stack.exportStack()).deployment.resources ?? []).toEqual([]);
});
