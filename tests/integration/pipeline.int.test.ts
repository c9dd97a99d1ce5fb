// The CDC pipeline end to end, as its users run it: examples/cdc-pipeline (Postgres → Debezium on Kafka Connect →
// this library's Kafka) installed with the packed library and deployed with the literal CLI. Every insert, update and
// delete of the three tables arrives as a Debezium event; the Kafka UI's Connect view shows the connector and its task
// RUNNING; bad connector input fails `up` with one sentence and leaves no connector; destroy leaves nothing labelled.
// The pipeline under faults: pipelineFaults.int.test.ts.
import { Client } from "pg";
import { snapshotSignal } from "../../components/debeziumConnectorConfig";
import { launchBrowser } from "../../support/browser";
import { countByLabel } from "../../support/docker";
import { DownstreamProject } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { ChangeReader, connectPostgres } from "../../support/pipeline";
import { CDC_TOPICS, deployPipeline, expectRowLifecycle, PIPELINE_PROJECT, PipelineOutputs } from "../helpers/pipeline";
import { containerLogs, leakedSecrets } from "../helpers/secretLeaks";

const stackName = uniqueId("pl");
const stackLabel = `cdc-kafka.stack=${PIPELINE_PROJECT}/${stackName}`;

let pipeline: DownstreamProject;
let outputs: PipelineOutputs;
let password: string;
let postgres: Client;
let reader: ChangeReader;

beforeAll(async () => {
  ({ project: pipeline, outputs, password } = await deployPipeline(stackName));
  postgres = await connectPostgres(outputs.postgresUrl, password);
  reader = new ChangeReader(outputs.hostBootstrapServers, CDC_TOPICS);
  await reader.start();
}, 900_000);

afterAll(async () => {
  // The destroy test closes these first; closing twice is harmless here.
  await reader?.stop().catch(() => undefined);
  await postgres?.end().catch(() => undefined);
  // Best effort, so a failed test still leaves nothing; the last test asserts a clean destroy itself.
  await pipeline?.pulumi(["destroy", "--yes", "--stack", stackName], 600_000);
  await pipeline?.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
  pipeline?.remove();
});

test("the deployment: connector and task RUNNING, the password nowhere in plain text, a second up changes nothing", async () => {
  expect(outputs.connectorState).toBe("RUNNING");
  const status = await (await fetch(`${outputs.connectUrl}/connectors/${outputs.connectorName}/status`)).json();
  expect([status.connector.state, status.tasks.map((t: { state: string }) => t.state)]).toEqual(["RUNNING", ["RUNNING"]]);
  const exported = await pipeline.mustPulumi(["stack", "export", "--stack", stackName]);
  expect(leakedSecrets(exported, [{ name: "the database password", value: password }])).toEqual([]);
  const slots = await postgres.query("SELECT slot_name, plugin, active FROM pg_replication_slots");
  expect(slots.rows).toEqual([{ slot_name: outputs.replicationSlot, plugin: "pgoutput", active: true }]);
  await pipeline.mustPulumi(["up", "--yes", "--expect-no-changes", "--stack", stackName], 600_000);
});

test("the connector's first snapshot was asked for once: the example's signal row of every captured table, and Debezium's log acting on it", async () => {
  // The connector starts with snapshot.mode=no_data; the SnapshotSignal resource inserted this row once it ran (and the
  // second up of the first test inserted none).
  const expected = snapshotSignal(outputs.replicationSlot, CDC_TOPICS.map((topic) => topic.replace(/^dbserver\./, "")));
  const signals = await postgres.query<{ id: string; type: string; data: string }>("SELECT id, type, data FROM public.debezium_signal");
  expect(signals.rows).toEqual([expected]);
  expect(outputs.lastSnapshotSignalId).toBe(expected.id);
  // Debezium read it from the WAL: the slot existed when it was committed.
  const log = await containerLogs(stackLabel);
  expect(log.match(/Requested 'INCREMENTAL' snapshot of data collections '\[[^\]]*\]'/g)).toEqual(["Requested 'INCREMENTAL' snapshot of data collections '[public.comments, public.users, public.videos]'"]);
});

test("the UI's Connect view shows the worker, and the Debezium connector RUNNING with its task RUNNING, in the API and on the page", async () => {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${outputs.uiUrl}/api/clusters${path}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const [cluster] = await get<{ name: string; features: string[] }[]>("");
  expect(cluster.features).toContain("KAFKA_CONNECT");
  const connect = outputs.connectContainer;
  const connectPath = `/${cluster.name}/connects/${connect}/connectors`;
  expect(await get(`/${cluster.name}/connects`)).toEqual([expect.objectContaining({ name: connect, address: `http://${connect}:8083` })]);
  expect(await get(connectPath)).toEqual([outputs.connectorName]);
  const connector = await get<{ type: string; status: { state: string }; tasks: unknown[]; connect: string }>(`${connectPath}/${outputs.connectorName}`);
  expect([connector.type, connector.status.state, connector.connect, connector.tasks]).toEqual(["SOURCE", "RUNNING", connect, [{ connector: outputs.connectorName, task: 0 }]]);
  const tasks = await get<{ id: { task: number }; status: { state: string } }[]>(`${connectPath}/${outputs.connectorName}/tasks`);
  expect(tasks.map((task) => [task.id.task, task.status.state])).toEqual([[0, "RUNNING"]]);

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(outputs.uiUrl, { timeout: 30_000 });
    const row = page.locator(`#connect tr[data-connector="${outputs.connectorName}"]`);
    await row.waitFor({ timeout: 30_000 });
    const cells = (await row.locator("td").allInnerTexts()).map((text) => text.trim());
    console.log(`Connect view on the page: ${cells.join(" | ")}`);
    expect(cells.slice(0, 6)).toEqual([outputs.connectorName, connect, "SOURCE", "io.debezium.connector.postgresql.PostgresConnector", "RUNNING", "0: RUNNING"]);
  } finally {
    await browser.close();
  }
});

test("insert, update and delete in every table arrive as c/u/d events keyed by the primary key, each delete with its tombstone", async () => {
  await expectRowLifecycle(postgres, reader);
});

describe("bad connector input fails `up` with one sentence and leaves no connector, slot or resource", () => {
  // A second, tiny project inside the installed pipeline: the same KafkaConnector and the same Debezium settings as the
  // pipeline's (../connect.ts), with the pipeline's check of the captured tables before it when `checkTables` is set
  // (../debeziumDatabase.ts), pointed at the running Connect worker and Postgres with one thing wrong.
  const program = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { capturedTables, DEBEZIUM_SIGNAL_TABLE, KafkaConnector } from "cdc-kafka";',
    'import { debeziumConnectorConfig } from "../connect";',
    'import { CapturedTablesCheck } from "../debeziumDatabase";',
    "const config = new pulumi.Config();",
    'const connectorName = config.require("connectorName");',
    'const topics = config.requireObject<string[]>("topics");',
    'const check = config.getBoolean("checkTables")',
    "  ? [new CapturedTablesCheck(`${connectorName}-tables`, {",
    '      host: "127.0.0.1", port: config.requireNumber("postgresPort"), database: "videoplatform", user: "cdc",',
    '      password: config.requireSecret("password"), tables: capturedTables(topics, "dbserver"), signalTable: DEBEZIUM_SIGNAL_TABLE })]',
    "  : [];",
    "new KafkaConnector(connectorName, {",
    '  connectUrl: config.require("connectUrl"),',
    "  connectorName,",
    "  runningTimeoutSeconds: 60,",
    '  config: config.requireSecret("password").apply((password) =>',
    "    ({ ...debeziumConnectorConfig({",
    "      topics,",
    "      producerOverrides: {},",
    '      postgresHost: config.require("postgresHost"),',
    '      database: "videoplatform",',
    '      user: "cdc",',
    "      password,",
    '      slotName: config.require("slotName"),',
    '      delivery: "exactly-once",',
    '    }), ...config.getObject<Record<string, string>>("overrides") }),',
    "  ),",
    "}, { dependsOn: check });",
    "",
  ].join("\n");

  async function upWith(settings: Record<string, string>, secretPassword: string): Promise<{ code: number; output: string; resources: string[] }> {
    const dir = `${pipeline.dir}/connector-check`;
    const fs = await import("fs");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/Pulumi.yaml`, "name: connector-check\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
    fs.writeFileSync(`${dir}/index.ts`, program);
    const run = (args: string[]) => pipeline.pulumi([...args, "--cwd", dir]);
    const stack = uniqueId("check");
    await run(["stack", "init", stack]);
    for (const [key, value] of Object.entries(settings)) await run(["config", "set", key, value, "--stack", stack]);
    await run(["config", "set", "--secret", "password", secretPassword, "--stack", stack]);
    const up = await run(["up", "--yes", "--skip-preview", "--stack", stack]);
    const state = JSON.parse((await run(["stack", "export", "--stack", stack])).stdout);
    const resources = (state.deployment.resources ?? []).map((r: { type: string }) => r.type).filter((t: string) => !t.startsWith("pulumi:"));
    await run(["stack", "rm", "--yes", "--force", "--stack", stack]);
    return { code: up.code, output: up.stdout + up.stderr, resources };
  }

  const base = () => ({
    connectUrl: outputs.connectUrl,
    postgresHost: outputs.postgresContainer,
    postgresPort: new URL(outputs.postgresUrl).port,
    topics: JSON.stringify(["dbserver.public.videos"]),
  });

  async function connectorsAndSlots(): Promise<{ connectors: string[]; slots: string[] }> {
    const connectors = (await (await fetch(`${outputs.connectUrl}/connectors`)).json()) as string[];
    const slots = (await postgres.query<{ slot_name: string }>("SELECT slot_name FROM pg_replication_slots ORDER BY 1")).rows.map((r) => r.slot_name);
    return { connectors: connectors.sort(), slots };
  }

  test.each([
    ["a wrong database password", {}, "not-the-password", /Connector check-[\w-]+: [\w.]+: .*password authentication failed for user "cdc"/],
    // Debezium would run such a connector and capture nothing (its publication holds the signal table): the check says it.
    [
      "a table that does not exist",
      { topics: JSON.stringify(["dbserver.public.videos", "dbserver.public.nope"]), checkTables: "true" },
      undefined,
      /The captured tables public\.nope do not exist in database videoplatform; declare topics only for tables that exist\./,
    ],
    // A task that fails at start (Connect's validation accepts it): Debezium's own words, and the connector deleted again.
    [
      "a publication the connector may not make",
      { overrides: JSON.stringify({ "publication.autocreate.mode": "disabled" }) },
      undefined,
      /Task 0 of connector check-[\w-]+ failed: .+ The connector was deleted again\./,
    ],
    ["an unreachable Connect", { connectUrl: "http://127.0.0.1:<free port>" }, undefined, /Kafka Connect at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\); start the worker or correct connectUrl\./],
  ] as const)("%s", async (_case, change, wrongPassword, sentence) => {
    const before = await connectorsAndSlots();
    const connectorName = uniqueId("check");
    const settings: Record<string, string> = { ...base(), ...change, connectorName, slotName: connectorName.replace(/-/g, "_") };
    // A port nothing listens on (fetch refuses the well-known "bad ports" such as 9 before connecting).
    settings.connectUrl = settings.connectUrl.replace("<free port>", String(await freePort()));
    const result = await upWith(
      settings,
      wrongPassword ?? password,
    );
    console.log(`${_case}: ${result.output.split("\n").find((line) => sentence.test(line))?.trim()}`);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(sentence);
    expect(result.resources).toEqual([]);
    expect(await connectorsAndSlots()).toEqual(before);
  });
});

test("pulumi destroy removes every container, network and volume (the replication slot lives on the database volume)", async () => {
  await reader.stop();
  await postgres.end();
  await pipeline.mustPulumi(["destroy", "--yes", "--stack", stackName], 600_000);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});
