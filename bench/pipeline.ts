// CDC pipeline: change events per second sustained through Postgres → Debezium (Kafka Connect) → Kafka → a kafkajs
// reader, and commit → event latency, with the connector carrying the library's producer overrides
// (debeziumProducerConfig) against the same connector on Connect's own worker producer defaults: what the guarantees
// cost. One deployment of examples/cdc-pipeline (installed from the packed library, deployed with the literal CLI);
// the arms alternate round by round by rewriting the connector's config through Connect's REST API.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { promisify } from "util";
import { producerConfig } from "../components/clientConfig";
import { ConnectorStatus, connectorProgress } from "../components/kafkaConnector";
import { STACK_LABEL } from "../components/labels";
import { DownstreamProject, downstreamProject, exampleFiles, packedLibrary } from "../support/downstream";
import { uniqueId } from "../support/ids";
import { changeKey, ChangeReader, connectPostgres, deliveryFigures, TABLES, writeChanges } from "../support/pipeline";
import { freePorts } from "../support/ports";
import { waitFor } from "../support/waitFor";
import { Benchmark, BenchContext, removeByLabel } from "./harness";
import { armOrder, percentile, summarize } from "./stats";

const run = promisify(execFile);

const ROUNDS = 3;
/**
 * Rows per table in one transaction of the throughput phase: that many users, a video of each, a comment on each and
 * an update of each video, so 400 change events per commit; one commit per row change would cap the writer at
 * Postgres' commit rate. Even batched, a writer running beside the pipeline on two cores committed only 4,200–14,700
 * changes/s in a trial run, about what the pipeline moved, so the throughput phase commits its changes while the
 * connector is paused and measures the pipeline draining them once it is resumed.
 */
const ROWS_PER_TABLE = 100;
const CHANGES_PER_TRANSACTION = 4 * ROWS_PER_TABLE;
const THROUGHPUT_CHANGES = 30_000;
/** The latency phase: one change per transaction, as an application commits them, at a rate the pipeline keeps up with. */
const LATENCY_RATE = 200;
const LATENCY_SECONDS = 15;
/** Changes committed and read after each switch, so a measurement starts on a streaming task. */
const WARM_UP_CHANGES = 40;
const DRAIN_TIMEOUT_MS = 180_000;
const TOPICS = TABLES.map((table) => `dbserver.public.${table}`);

type ArmName = "overrides" | "defaults";
const ARMS: readonly ArmName[] = ["overrides", "defaults"];

interface Pipeline {
  connectUrl: string;
  connectorName: string;
  connectContainer: string;
  hostBootstrapServers: string;
  postgres: Client;
  reader: ChangeReader;
}

/** What the connector task's producer was built with, as the worker logged it when the task started. */
interface TaskProducer {
  settings: Record<string, string>;
  /** The client logged "Instantiated an idempotent producer." */
  idempotent: boolean;
}

/** The producer settings the library exports, as the Java client logs them (acks=all is -1). */
function loggedForm(config: Record<string, string>): Record<string, string> {
  return { ...config, acks: config.acks === "all" ? "-1" : config.acks };
}

function carriesOverrides(producer: TaskProducer): boolean {
  return Object.entries(loggedForm(producerConfig())).every(([key, value]) => producer.settings[key] === value);
}

/**
 * The last producer with `clientId` the worker started since `sinceMs`, from its log: Kafka's "ProducerConfig values:"
 * block (one tab-indented `key = value` line each). Proof that the task restarted on the arm's settings, which the
 * REST API's RUNNING alone does not give.
 */
async function taskProducerSince(container: string, clientId: string, sinceMs: number): Promise<TaskProducer | undefined> {
  const { stdout, stderr } = await run("docker", ["logs", "--timestamps", "--since", String(Math.floor(sinceMs / 1000)), container], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines = `${stdout}\n${stderr}`.split("\n").map((line) => {
    const space = line.indexOf(" ");
    return { at: Date.parse(line.slice(0, space).replace(/(\.\d{3})\d*Z$/, "$1Z")), text: line.slice(space + 1) };
  });
  let found: { settings: Record<string, string>; index: number } | undefined;
  lines.forEach((line, index) => {
    if (!(line.at >= sinceMs) || !line.text.includes("ProducerConfig values:")) return;
    const settings: Record<string, string> = {};
    for (let next = index + 1; next < lines.length && lines[next].text.startsWith("\t"); next++) {
      const [key, ...value] = lines[next].text.trim().split(" = ");
      settings[key] = value.join(" = ");
    }
    if (settings["client.id"] === clientId) found = { settings, index };
  });
  if (!found) return undefined;
  const idempotent = lines
    .slice(found.index)
    .some((line) => line.text.includes(`clientId=${clientId}`) && line.text.includes("Instantiated an idempotent producer"));
  return { settings: found.settings, idempotent };
}

async function connectApi<T>(url: string, method = "GET", body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/**
 * Puts the connector on an arm's config (PUT when it changes, which restarts its task; a task restart otherwise, so
 * every measurement runs on a producer started for it), waits until it is RUNNING with a producer that the worker's
 * log shows on the arm's settings, and until changes committed now are read. Resolves with that producer and the
 * seconds from the request to events flowing.
 */
async function switchTo(
  pipeline: Pipeline,
  arm: ArmName,
  config: Record<string, string>,
  changed: boolean,
): Promise<{ producer: TaskProducer; seconds: number }> {
  const started = Date.now();
  const connector = `${pipeline.connectUrl}/connectors/${pipeline.connectorName}`;
  if (changed) await connectApi(`${connector}/config`, "PUT", config);
  else await connectApi(`${connector}/restart?includeTasks=true&onlyFailed=false`, "POST");
  const producer = await waitFor(
    async () => {
      const progress = connectorProgress(pipeline.connectorName, await connectApi<ConnectorStatus>(`${connector}/status`));
      if (typeof progress === "object") throw new Error(progress.failed);
      if (progress !== "running") return undefined;
      const found = await taskProducerSince(pipeline.connectContainer, `connector-producer-${pipeline.connectorName}-0`, started);
      return found && carriesOverrides(found) === (arm === "overrides") ? found : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `connector ${pipeline.connectorName} RUNNING on a task producer with the ${arm} settings` },
  );
  const warmUp = await writeChanges(pipeline.postgres, { tag: uniqueId("warm"), perSecond: LATENCY_RATE, until: (done) => done.length >= WARM_UP_CHANGES });
  await waitFor(async () => deliveryFigures(warmUp, pipeline.reader).lost.length === 0, {
    timeoutMs: DRAIN_TIMEOUT_MS,
    intervalMs: 100,
    what: `the warm-up changes after switching to ${arm}`,
  });
  pipeline.reader.clear();
  return { producer, seconds: (Date.now() - started) / 1000 };
}


/** One transaction of ROWS_PER_TABLE users, videos, comments and video updates; resolves with its transaction id. */
async function commitBatch(client: Client, tag: string): Promise<number> {
  await client.query("BEGIN");
  try {
    const users = await client.query<{ id: string }>(
      "INSERT INTO users (username, email) SELECT $1 || '-' || n, $1 || '-' || n || '@example.test' FROM generate_series(1, $2::int) AS n RETURNING id",
      [tag, ROWS_PER_TABLE],
    );
    const userIds = users.rows.map((row) => row.id);
    const videos = await client.query<{ id: string }>(
      "INSERT INTO videos (user_id, title) SELECT u, 'video of ' || u FROM unnest($1::bigint[]) AS u RETURNING id",
      [userIds],
    );
    const videoIds = videos.rows.map((row) => row.id);
    await client.query(
      "INSERT INTO comments (video_id, user_id, body) SELECT v, u, 'comment on ' || v FROM unnest($1::bigint[], $2::bigint[]) AS t(v, u)",
      [videoIds, userIds],
    );
    await client.query("UPDATE videos SET title = title || ' (edited)', duration_seconds = 60 WHERE id = ANY($1::bigint[])", [videoIds]);
    const { rows } = await client.query<{ tx: string }>("SELECT txid_current()::text AS tx");
    await client.query("COMMIT");
    return Number(rows[0].tx);
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** PUT /connectors/<name>/pause or /resume; waits until the connector and its task report the state it asks for. */
async function setConnectorState(pipeline: Pipeline, action: "pause" | "resume"): Promise<void> {
  const connector = `${pipeline.connectUrl}/connectors/${pipeline.connectorName}`;
  const state = action === "pause" ? "PAUSED" : "RUNNING";
  await connectApi(`${connector}/${action}`, "PUT");
  await waitFor(
    async () => {
      const status = await connectApi<ConnectorStatus>(`${connector}/status`);
      return status.connector.state === state && status.tasks.length > 0 && status.tasks.every((task) => task.state === state);
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `connector ${pipeline.connectorName} ${state}` },
  );
}

interface ThroughputRound {
  eventsPerSecond: number;
  /** Row changes per second the writer committed while the connector was paused. */
  committedPerSecond: number;
  /** From the resume request until the last event was read. */
  seconds: number;
}

/**
 * THROUGHPUT_CHANGES committed as fast as one connection can while the connector is paused (so neither the writer's
 * speed nor its share of the cores bounds the figure), then the connector resumed: events per second from the first
 * to the last of them read.
 */
async function throughputRound(pipeline: Pipeline, tag: string): Promise<ThroughputRound> {
  await setConnectorState(pipeline, "pause");
  const transactions = new Set<number>();
  const writeStarted = Date.now();
  for (let batch = 0; batch < THROUGHPUT_CHANGES / CHANGES_PER_TRANSACTION; batch++) transactions.add(await commitBatch(pipeline.postgres, `${tag}-${batch}`));
  const committedSeconds = (Date.now() - writeStarted) / 1000;
  const started = Date.now();
  await setConnectorState(pipeline, "resume");
  const events = await waitFor(
    async () => {
      const ofRound = pipeline.reader.events.filter((event) => !event.tombstone && event.txId !== undefined && transactions.has(event.txId));
      return ofRound.length >= THROUGHPUT_CHANGES ? ofRound : undefined;
    },
    { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 100, what: `the ${THROUGHPUT_CHANGES} change events of ${tag}` },
  );
  const readTimes = events.map((event) => event.readAt);
  const [first, last] = [Math.min(...readTimes), Math.max(...readTimes)];
  pipeline.reader.clear();
  return {
    eventsPerSecond: events.length / ((last - first) / 1000),
    committedPerSecond: THROUGHPUT_CHANGES / committedSeconds,
    seconds: (last - started) / 1000,
  };
}

interface LatencyRound {
  p50: number;
  p99: number;
  max: number;
  changes: number;
}

/** LATENCY_RATE changes a second for LATENCY_SECONDS; per change, its first read minus its commit (the host's clock). */
async function latencyRound(pipeline: Pipeline, tag: string): Promise<LatencyRound> {
  const end = Date.now() + LATENCY_SECONDS * 1000;
  const committed = await writeChanges(pipeline.postgres, { tag, perSecond: LATENCY_RATE, until: () => Date.now() >= end });
  await waitFor(async () => deliveryFigures(committed, pipeline.reader).lost.length === 0, {
    timeoutMs: DRAIN_TIMEOUT_MS,
    intervalMs: 100,
    what: `the ${committed.length} changes of ${tag}`,
  });
  const firstRead = new Map<string, number>();
  for (const event of pipeline.reader.events) {
    if (event.tombstone || event.txId === undefined) continue;
    const key = changeKey(event.table, event.key.id, event.txId);
    if (!firstRead.has(key)) firstRead.set(key, event.readAt);
  }
  const latencies = committed.map((change) => (firstRead.get(changeKey(change.table, change.id, change.txId)) as number) - change.committedAt);
  pipeline.reader.clear();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), changes: committed.length };
}

/**
 * Events per second a fresh reader gets from the topics alone (no writer, no Connect): everything the rounds wrote,
 * from the beginning. Shows whether the reader, on the same two cores, bounds the throughput figures.
 */
async function readerCeiling(pipeline: Pipeline, expected: number): Promise<{ events: number; eventsPerSecond: number }> {
  const reader = new ChangeReader(pipeline.hostBootstrapServers, TOPICS);
  await reader.start();
  try {
    await waitFor(async () => reader.events.length >= expected, { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 100, what: `${expected} events re-read` });
    const seconds = (reader.events[reader.events.length - 1].readAt - reader.events[0].readAt) / 1000;
    return { events: reader.events.length, eventsPerSecond: reader.events.length / seconds };
  } finally {
    await reader.stop();
  }
}

/** The example deployed once as its own project (temporary directory, own backend), removed by ctx's cleanups. */
async function deployPipeline(ctx: BenchContext): Promise<{ pipeline: Pipeline; deploySeconds: number }> {
  const files = exampleFiles("cdc-pipeline");
  const project = files["Pulumi.yaml"].match(/^name:\s*(\S+)/m)?.[1];
  const stackName = uniqueId("bench-pipeline");
  const stackLabel = `${STACK_LABEL}=${project}/${stackName}`;
  ctx.log("packing the library and installing examples/cdc-pipeline in a temporary directory …");
  let installed: DownstreamProject | undefined;
  ctx.cleanups.add("the packed library and the project directory", async () => {
    installed?.remove();
    fs.rmSync(path.dirname(await packedLibrary()), { recursive: true, force: true });
  });
  const downstream = (installed = await downstreamProject("bench-pipeline", files));
  const password = uniqueId("pw");
  // The example's own dev settings (the offline images, database and user), on free ports and with a new password.
  fs.writeFileSync(path.join(downstream.dir, `Pulumi.${stackName}.yaml`), files["Pulumi.dev.yaml"]);
  await downstream.mustPulumi(["stack", "init", stackName]);
  ctx.cleanups.add(`pipeline stack ${stackName}`, async () => {
    const destroy = await downstream.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stackName], 600_000);
    if (destroy.code !== 0) ctx.log(`destroy of ${stackName} failed (exit ${destroy.code}); removing its labelled objects instead`);
    await removeByLabel(stackLabel);
    await downstream.mustPulumi(["stack", "rm", "--yes", "--force", "--stack", stackName]);
  });
  const [kafkaHostPort, uiPort, postgresPort, connectPort] = await freePorts(4);
  for (const [key, port] of Object.entries({ kafkaHostPort, uiPort, postgresPort, connectPort })) {
    await downstream.mustPulumi(["config", "set", key, String(port), "--stack", stackName]);
  }
  await downstream.mustPulumi(["config", "set", "--secret", "postgresPassword", password, "--stack", stackName]);
  ctx.log(`pulumi up of ${stackName} (Kafka, Postgres, Connect, the Debezium connector) …`);
  const started = Date.now();
  await downstream.mustPulumi(["up", "--yes", "--skip-preview", "--stack", stackName], 600_000);
  const deploySeconds = (Date.now() - started) / 1000;
  const outputs = JSON.parse(await downstream.mustPulumi(["stack", "output", "--json", "--stack", stackName])) as Record<string, string>;
  const postgres = await connectPostgres(outputs.postgresUrl, password);
  ctx.cleanups.add("postgres client", () => postgres.end());
  const reader = new ChangeReader(outputs.hostBootstrapServers, TOPICS);
  await reader.start();
  ctx.cleanups.add("change reader", () => reader.stop());
  return {
    pipeline: {
      connectUrl: outputs.connectUrl,
      connectorName: outputs.connectorName,
      connectContainer: outputs.connectContainer,
      hostBootstrapServers: outputs.hostBootstrapServers,
      postgres,
      reader,
    },
    deploySeconds,
  };
}

export const pipeline: Benchmark = {
  name: "pipeline",
  title: "CDC pipeline",
  expectedMinutes: 6,
  async measure(ctx: BenchContext) {
    const { pipeline: deployment, deploySeconds } = await deployPipeline(ctx);
    ctx.log(`deployed in ${deploySeconds.toFixed(1)} s`);
    const deployed = await connectApi<Record<string, string>>(`${deployment.connectUrl}/connectors/${deployment.connectorName}/config`);
    const overrideKeys = Object.keys(deployed).filter((key) => key.startsWith("producer.override."));
    const expectedKeys = Object.keys(producerConfig()).map((key) => `producer.override.${key}`);
    if (overrideKeys.sort().join() !== expectedKeys.sort().join()) {
      throw new Error(`The deployed connector's producer overrides (${overrideKeys.join(", ")}) are not the library's (${expectedKeys.join(", ")}); check examples/cdc-pipeline/connect.ts.`);
    }
    const configs: Record<ArmName, Record<string, string>> = {
      overrides: deployed,
      defaults: Object.fromEntries(Object.entries(deployed).filter(([key]) => !key.startsWith("producer.override."))),
    };

    const figures = Object.fromEntries(ARMS.map((arm) => [arm, { throughput: [] as ThroughputRound[], latency: [] as LatencyRound[] }])) as Record<
      ArmName,
      { throughput: ThroughputRound[]; latency: LatencyRound[] }
    >;
    const producers: Partial<Record<ArmName, TaskProducer>> = {};
    const switchSeconds: number[] = [];
    let current: ArmName = "overrides";
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder(ARMS, round)) {
        const switched = await switchTo(deployment, arm, configs[arm], arm !== current);
        current = arm;
        producers[arm] ??= switched.producer;
        switchSeconds.push(switched.seconds);
        const throughput = await throughputRound(deployment, uniqueId(`tp-${arm}`));
        const latency = await latencyRound(deployment, uniqueId(`lat-${arm}`));
        figures[arm].throughput.push(throughput);
        figures[arm].latency.push(latency);
        ctx.log(
          `round ${round + 1} ${arm}: ${Math.round(throughput.eventsPerSecond)} events/s (${throughput.seconds.toFixed(1)} s after resume; writer ${Math.round(throughput.committedPerSecond)} changes/s), ` +
            `latency p50 ${latency.p50} ms, p99 ${latency.p99} ms (${latency.changes} changes); switch to flowing ${switched.seconds.toFixed(1)} s`,
        );
      }
    }
    const expectedEvents = ROUNDS * ARMS.length * THROUGHPUT_CHANGES;
    const ceiling = await readerCeiling(deployment, expectedEvents);
    ctx.log(`reader alone, from the beginning: ${ceiling.events} events at ${Math.round(ceiling.eventsPerSecond)} events/s`);

    const rates = (arm: ArmName) => figures[arm].throughput.map((round) => round.eventsPerSecond);
    const latencies = (arm: ArmName, key: "p50" | "p99") => figures[arm].latency.map((round) => round[key]);
    const producerDetail = (arm: ArmName) => {
      const logged = producers[arm] as TaskProducer;
      const keys = ["acks", "enable.idempotence", "max.in.flight.requests.per.connection", "retries", "delivery.timeout.ms", "request.timeout.ms", "linger.ms", "batch.size"];
      return { ...Object.fromEntries(keys.map((key) => [key, logged.settings[key]])), "idempotent producer (logged)": String(logged.idempotent) };
    };
    const writerRates = ARMS.flatMap((arm) => figures[arm].throughput.map((round) => round.committedPerSecond));
    return {
      subject: { label: "change events/s, library's producer overrides", unit: "events/s", values: rates("overrides") },
      baseline: { label: "change events/s, Connect's worker defaults", unit: "events/s", values: rates("defaults") },
      ratioMeaning: "overrides / Connect defaults",
      paired: true,
      comparisons: (["p50", "p99"] as const).map((key) => ({
        title: `commit → event ${key}`,
        subject: { label: `commit → event ${key}, overrides`, unit: "ms", values: latencies("overrides", key) },
        baseline: { label: `commit → event ${key}, Connect defaults`, unit: "ms", values: latencies("defaults", key) },
        ratioMeaning: "overrides / defaults",
      })),
      details: {
        rounds: ROUNDS,
        deploySeconds,
        throughputChangesPerRound: THROUGHPUT_CHANGES,
        changesPerTransaction: CHANGES_PER_TRANSACTION,
        writerChangesPerSecondWhilePaused: summarize(writerRates),
        resumeToLastEventSeconds: summarize(ARMS.flatMap((arm) => figures[arm].throughput.map((round) => round.seconds))),
        latencyRate: `${LATENCY_RATE} changes/s for ${LATENCY_SECONDS} s, one per transaction`,
        latencyMaxMs: summarize(ARMS.flatMap((arm) => figures[arm].latency.map((round) => round.max))),
        switchToFlowingSeconds: summarize(switchSeconds),
        readerAloneEventsPerSecond: ceiling.eventsPerSecond,
        producerOverrides: producerDetail("overrides"),
        connectDefaults: producerDetail("defaults"),
      },
      notes: [
        `Throughput: ${THROUGHPUT_CHANGES} row changes per round, committed by one connection in transactions of ${CHANGES_PER_TRANSACTION} (${ROWS_PER_TABLE} users, videos, comments, video updates) while the connector was paused (PUT /pause, task PAUSED), then resumed: events/s from the first to the last of them read, i.e. the rate the pipeline drains a backlog.`,
        `Latency: ${LATENCY_RATE} changes/s for ${LATENCY_SECONDS} s, one per transaction (writeChanges); per change, the reader's first read minus the time its commit returned, same host clock.`,
        "Arms: the deployed connector config (the library's producer.override.* settings) and the same config without producer.override.* (Connect's own worker producer defaults), switched by PUT /connectors/<name>/config; every measurement follows a task restart, verified in the worker's log (ProducerConfig of the task's producer), and a warm-up read.",
        "Path: Postgres (pgoutput) → Debezium 3.7.0 on Connect 3.6.2 (JSON converter) → one broker, 3 partitions per topic → one kafkajs reader on the host (ChangeReader); all on the same two cores, so the reader's own cost is part of the figures (readerAloneEventsPerSecond is its ceiling).",
      ],
    };
  },
};
