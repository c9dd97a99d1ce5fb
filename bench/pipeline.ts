// CDC pipeline: commit → event latency at 100 and 1,000 changes/s, and change events/s at saturation, through
// Postgres → Debezium (Kafka Connect) → Kafka → a read_committed kafkajs reader, for three arms side by side:
// Debezium's defaults (at-least-once, poll.interval.ms 500), at-least-once tuned and exactly-once tuned (the example's
// own connector settings, debeziumDeliveryConfig). exactly.once.source.support is a worker setting, so the example is
// deployed twice (installed once from the packed library, two stacks with `delivery` set, deployed with the literal
// CLI) and both stacks run at once; the arms alternate round by round, the stack not being measured has its connector
// paused, and the two at-least-once arms switch by rewriting the connector's config through Connect's REST API.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { promisify } from "util";
import { DEBEZIUM_POLL_INTERVAL_MS, debeziumDeliveryConfig, PipelineDelivery } from "../components/connectDelivery";
import { ConnectorStatus, connectorProgress } from "../components/kafkaConnector";
import { STACK_LABEL } from "../components/labels";
import { DownstreamProject, downstreamProject, exampleFiles, packedLibrary } from "../support/downstream";
import { connectApi } from "../support/connectApi";
import { uniqueId } from "../support/ids";
import { ChangeReader, CommittedChange, connectPostgres, deliveryFigures, TABLES, writeChanges, writeTransactions } from "../support/pipeline";
import { freePorts } from "../support/ports";
import { waitFor } from "../support/waitFor";
import { changeLatencies, changeStages } from "./changeLatency";
import { debeziumTaskConfigIn, logLines, TaskProducer, taskProducerIn } from "./connectLog";
import { Benchmark, BenchContext, removeByLabel } from "./harness";
import { armOrder, percentile, summarize } from "./stats";

const run = promisify(execFile);

const ROUNDS = 5;
/**
 * Rows per table in one transaction of the throughput phase: that many users, a video of each, a comment on each and
 * an update of each video, so 400 change events per commit; one commit per row change would cap the writer at
 * Postgres' commit rate. A writer running beside the pipeline on two cores commits about what the pipeline moves, so
 * the throughput phase commits its changes while the connector is paused and measures the pipeline draining them once
 * it is resumed.
 */
const ROWS_PER_TABLE = 100;
const CHANGES_PER_TRANSACTION = 4 * ROWS_PER_TABLE;
const THROUGHPUT_CHANGES = 30_000;
/** Each latency phase writes for this long: 1,000 changes at 100/s, 10,000 at 1,000/s. */
const LATENCY_SECONDS = 10;
/** 100 changes/s: one change per transaction, as an application commits them (writeChanges). */
const SLOW_RATE = 100;
/**
 * 1,000 changes/s: writeTransactions' multi-row, multi-table transactions of 1 to 3 rows per table (4 × rows + 2
 * changes: 6, 10, 14, so 10 on average) at 100 commits a second, which Postgres' commit rate does not cap.
 */
const FAST_RATE = 1_000;
const FAST_MAX_ROWS = 3;
const FAST_CHANGES_PER_TRANSACTION = 10;
/** Changes committed and read after each switch, so a measurement starts on a streaming task. */
const WARM_UP_CHANGES = 40;
const DRAIN_TIMEOUT_MS = 180_000;
const TOPICS = TABLES.map((table) => `dbserver.public.${table}`);
/**
 * The benchmark's readers commit no consumer offsets: kafkajs' default awaits an OffsetCommit after every partition
 * batch, one after another, before it fetches again, which added 1–4 ms at 100 changes/s and 2–23 ms at 1,000 changes/s
 * to the measured p50 (the same events read by both kinds of reader side by side). They never restart, so they never
 * need the offsets; an application's reader that must not re-read after its own crash pays that round trip.
 */
const BENCH_READER = { commitOffsets: false };

/** The targets (exactly-once tuned, 1,000 changes/s), in ms, and on the throughput ratio. */
const TARGET_P50_MS = 25;
const TARGET_P99_MS = 150;
const TARGET_THROUGHPUT_RATIO = 0.8;

type ArmName = "exactlyOnce" | "atLeastOnce" | "defaults";
const ARMS: readonly ArmName[] = ["exactlyOnce", "atLeastOnce", "defaults"];
const ARM_SPECS: Record<ArmName, { delivery: PipelineDelivery; label: string; tuned: boolean }> = {
  exactlyOnce: { delivery: "exactly-once", label: "exactly-once tuned", tuned: true },
  atLeastOnce: { delivery: "at-least-once", label: "at-least-once tuned", tuned: true },
  defaults: { delivery: "at-least-once", label: "Debezium's defaults (at-least-once, poll.interval.ms 500)", tuned: false },
};

interface Pipeline {
  delivery: PipelineDelivery;
  stackName: string;
  connectUrl: string;
  connectorName: string;
  connectContainer: string;
  hostBootstrapServers: string;
  postgresUrl: string;
  password: string;
  postgres: Client;
  reader: ChangeReader;
  /** The connector's config as the example deployed it. */
  deployed: Record<string, string>;
  /** The arm whose config the connector carries. */
  arm: ArmName;
  paused: boolean;
}

/** The connector config of an arm: the deployed one, or (Debezium's defaults) without its poll.interval.ms. */
function armConfig(pipeline: Pipeline, arm: ArmName): Record<string, string> {
  if (ARM_SPECS[arm].tuned) return pipeline.deployed;
  return Object.fromEntries(Object.entries(pipeline.deployed).filter(([key]) => key !== "poll.interval.ms"));
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
  pipeline.paused = action === "pause";
}

/** What the arm's task was verified to start with, from the worker's log. */
interface StartedTask {
  producer: TaskProducer;
  /** poll.interval.ms in the task's config ("absent": Debezium's default, 500 ms). */
  pollIntervalMs: string;
}

/**
 * The task started since `sinceMs` on the arm's settings, or undefined while it has not started: the worker's log shows
 * a Debezium task start and a task producer since then, and the task's config (GET /connectors/<name>/tasks, what
 * the worker hands the task) the arm's poll.interval.ms. Throws (saying what it found) when the task runs on other
 * settings: a transactional producer exactly when the worker runs exactly once, poll.interval.ms as the arm sets it.
 */
async function startedTask(pipeline: Pipeline, arm: ArmName, sinceMs: number): Promise<StartedTask | undefined> {
  const { stdout, stderr } = await run("docker", ["logs", "--timestamps", "--since", String(Math.floor(sinceMs / 1000)), pipeline.connectContainer], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines = logLines(`${stdout}\n${stderr}`);
  const producer = taskProducerIn(lines, `connector-producer-${pipeline.connectorName}-0`, sinceMs);
  if (!producer || debeziumTaskConfigIn(lines, sinceMs) === undefined) return undefined;
  const transactional = producer.settings["transactional.id"] !== undefined && producer.settings["transactional.id"] !== "null";
  if (transactional !== (ARM_SPECS[arm].delivery === "exactly-once")) {
    throw new Error(`The ${arm} arm's task producer has transactional.id ${producer.settings["transactional.id"]}; the ${pipeline.stackName} worker does not run ${ARM_SPECS[arm].delivery}.`);
  }
  const tasks = await connectApi<{ config: Record<string, string> }[]>(`${pipeline.connectUrl}/connectors/${pipeline.connectorName}/tasks`);
  const poll = tasks[0]?.config["poll.interval.ms"];
  const expectedPoll = ARM_SPECS[arm].tuned ? String(DEBEZIUM_POLL_INTERVAL_MS) : undefined;
  if (tasks.length !== 1 || poll !== expectedPoll) {
    throw new Error(`The ${arm} arm's task config has poll.interval.ms ${poll ?? "absent"} (${tasks.length} tasks), not ${expectedPoll ?? "absent"}.`);
  }
  return { producer, pollIntervalMs: poll ?? "absent (500)" };
}

/**
 * Puts the arm's stack on the arm's config (PUT when it changes, which restarts the task; a task restart otherwise,
 * so every measurement runs on a task started for it) after pausing the other stack's connector, waits until the
 * task runs and the worker's log shows it started on the arm's settings, and until changes committed now are read.
 * Resolves with what the task started with and the seconds from the request to events flowing.
 */
async function switchTo(pipeline: Pipeline, other: Pipeline, arm: ArmName): Promise<{ task: StartedTask; seconds: number }> {
  if (!other.paused) await setConnectorState(other, "pause");
  const started = Date.now();
  const connector = `${pipeline.connectUrl}/connectors/${pipeline.connectorName}`;
  if (pipeline.paused) await setConnectorState(pipeline, "resume");
  if (arm !== pipeline.arm) await connectApi(`${connector}/config`, "PUT", armConfig(pipeline, arm));
  else await connectApi(`${connector}/restart?includeTasks=true&onlyFailed=false`, "POST");
  pipeline.arm = arm;
  // A task that started on other settings is waited past (a reconfiguration may restart the task more than once);
  // if no task on the arm's settings follows, the timeout names what the last one had.
  const task = await waitFor(
    async () => {
      const progress = connectorProgress(pipeline.connectorName, await connectApi<ConnectorStatus>(`${connector}/status`));
      if (typeof progress === "object") throw new Error(progress.failed);
      return progress === "running" ? startedTask(pipeline, arm, started) : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `connector ${pipeline.connectorName} RUNNING on a task started with the ${arm} settings` },
  );
  const warmUp = await writeChanges(pipeline.postgres, { tag: uniqueId("warm"), perSecond: 200, until: (done) => done.length >= WARM_UP_CHANGES });
  await waitFor(async () => deliveryFigures(warmUp, pipeline.reader).lost.length === 0, {
    timeoutMs: DRAIN_TIMEOUT_MS,
    intervalMs: 100,
    what: `the warm-up changes after switching to ${arm}`,
  });
  pipeline.reader.clear();
  return { task, seconds: (Date.now() - started) / 1000 };
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
  /** Changes per second the writer achieved (its target: SLOW_RATE or FAST_RATE). */
  committedPerSecond: number;
  /** p50/p99 of each stage of the path (changeStages: WAL reader, Debezium's queue and poll, delivery to the reader). */
  stages: Record<"wal" | "queue" | "delivery", { p50: number; p99: number }>;
}

/**
 * LATENCY_SECONDS of changes at `rate` (SLOW_RATE one per transaction, FAST_RATE in multi-row transactions); per
 * change, its first read minus the time its COMMIT returned (the host's clock).
 */
async function latencyRound(pipeline: Pipeline, tag: string, rate: number): Promise<LatencyRound> {
  const started = Date.now();
  const until = () => Date.now() >= started + LATENCY_SECONDS * 1000;
  let committed: CommittedChange[];
  if (rate === SLOW_RATE) committed = await writeChanges(pipeline.postgres, { tag, perSecond: rate, until });
  else {
    const written = await writeTransactions(() => connectPostgres(pipeline.postgresUrl, pipeline.password), {
      tag,
      perSecond: rate / FAST_CHANGES_PER_TRANSACTION,
      maxRows: FAST_MAX_ROWS,
      until,
    });
    if (written.failed > 0) throw new Error(`${written.failed} of the writer's transactions failed at ${rate} changes/s; the database should not go away in a benchmark.`);
    committed = written.committed;
  }
  const committedPerSecond = committed.length / ((Date.now() - started) / 1000);
  await waitFor(async () => deliveryFigures(committed, pipeline.reader).lost.length === 0, {
    timeoutMs: DRAIN_TIMEOUT_MS,
    intervalMs: 100,
    what: `the ${committed.length} changes of ${tag}`,
  });
  const latencies = changeLatencies(committed, pipeline.reader.events);
  const split = changeStages(committed, pipeline.reader.events);
  pipeline.reader.clear();
  const stages = Object.fromEntries(Object.entries(split).map(([stage, values]) => [stage, { p50: percentile(values, 50), p99: percentile(values, 99) }])) as LatencyRound["stages"];
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), changes: committed.length, committedPerSecond, stages };
}

/**
 * Events per second a fresh reader gets from the topics alone (no writer, no Connect): what the rounds wrote, from
 * the beginning. Shows whether the reader, on the same two cores, bounds the throughput figures.
 */
async function readerCeiling(pipeline: Pipeline, expected: number): Promise<{ events: number; eventsPerSecond: number }> {
  const reader = new ChangeReader(pipeline.hostBootstrapServers, TOPICS, undefined, BENCH_READER);
  await reader.start();
  try {
    await waitFor(async () => reader.events.length >= expected, { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 100, what: `${expected} events re-read` });
    const seconds = (reader.events[reader.events.length - 1].readAt - reader.events[0].readAt) / 1000;
    return { events: reader.events.length, eventsPerSecond: reader.events.length / seconds };
  } finally {
    await reader.stop();
  }
}

/** The example installed once as its own project (temporary directory, own backend), removed by ctx's cleanups. */
async function installExample(ctx: BenchContext): Promise<{ downstream: DownstreamProject; files: Record<string, string> }> {
  const files = exampleFiles("cdc-pipeline");
  ctx.log("packing the library and installing examples/cdc-pipeline in a temporary directory …");
  let installed: DownstreamProject | undefined;
  ctx.cleanups.add("the packed library and the project directory", async () => {
    installed?.remove();
    fs.rmSync(path.dirname(await packedLibrary()), { recursive: true, force: true });
  });
  installed = await downstreamProject("bench-pipeline", files);
  return { downstream: installed, files };
}

/**
 * A stack of the installed example with `delivery` set (the example's own dev settings: the offline images, database
 * and user; free ports, a new password), deployed with the literal CLI; destroyed by ctx's cleanups.
 */
async function deployStack(
  ctx: BenchContext,
  downstream: DownstreamProject,
  files: Record<string, string>,
  delivery: PipelineDelivery,
): Promise<{ pipeline: Pipeline; deploySeconds: number }> {
  const project = files["Pulumi.yaml"].match(/^name:\s*(\S+)/m)?.[1];
  const stackName = uniqueId(`bench-${delivery === "exactly-once" ? "eos" : "alo"}`);
  const stackLabel = `${STACK_LABEL}=${project}/${stackName}`;
  const password = uniqueId("pw");
  fs.writeFileSync(path.join(downstream.dir, `Pulumi.${stackName}.yaml`), files["Pulumi.dev.yaml"]);
  await downstream.mustPulumi(["stack", "init", stackName]);
  ctx.cleanups.add(`pipeline stack ${stackName}`, async () => {
    const destroy = await downstream.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stackName], 600_000);
    if (destroy.code !== 0) ctx.log(`destroy of ${stackName} failed (exit ${destroy.code}); removing its labelled objects instead`);
    await removeByLabel(stackLabel);
    await downstream.mustPulumi(["stack", "rm", "--yes", "--force", "--stack", stackName]);
  });
  const [kafkaHostPort, uiPort, postgresPort, connectPort] = await freePorts(4);
  for (const [key, value] of Object.entries({ kafkaHostPort, uiPort, postgresPort, connectPort, delivery })) {
    await downstream.mustPulumi(["config", "set", key, String(value), "--stack", stackName]);
  }
  await downstream.setSecret(stackName, "postgresPassword", password);
  ctx.log(`pulumi up of ${stackName} (delivery ${delivery}: Kafka, Postgres, Connect, the Debezium connector) …`);
  const started = Date.now();
  await downstream.mustPulumi(["up", "--yes", "--skip-preview", "--stack", stackName], 600_000);
  const deploySeconds = (Date.now() - started) / 1000;
  const outputs = JSON.parse(await downstream.mustPulumi(["stack", "output", "--json", "--stack", stackName])) as Record<string, string>;
  if (outputs.pipelineDelivery !== delivery) throw new Error(`Stack ${stackName} reports delivery ${outputs.pipelineDelivery}, not the ${delivery} it was configured with.`);
  const postgres = await connectPostgres(outputs.postgresUrl, password);
  ctx.cleanups.add(`postgres client of ${stackName}`, () => postgres.end());
  const reader = new ChangeReader(outputs.hostBootstrapServers, TOPICS, undefined, BENCH_READER);
  await reader.start();
  ctx.cleanups.add(`change reader of ${stackName}`, () => reader.stop());
  const deployed = await connectApi<Record<string, string>>(`${outputs.connectUrl}/connectors/${outputs.connectorName}/config`);
  const expected = debeziumDeliveryConfig(delivery);
  const differing = Object.entries(expected).filter(([key, value]) => deployed[key] !== value);
  if (differing.length > 0 || (delivery === "at-least-once" && deployed["exactly.once.support"] !== undefined)) {
    throw new Error(`The ${delivery} connector of ${stackName} does not carry debeziumDeliveryConfig (${JSON.stringify(expected)}); check examples/cdc-pipeline/connect.ts.`);
  }
  const pipeline: Pipeline = {
    delivery,
    stackName,
    connectUrl: outputs.connectUrl,
    connectorName: outputs.connectorName,
    connectContainer: outputs.connectContainer,
    hostBootstrapServers: outputs.hostBootstrapServers,
    postgresUrl: outputs.postgresUrl,
    password,
    postgres,
    reader,
    deployed,
    arm: delivery === "exactly-once" ? "exactlyOnce" : "atLeastOnce",
    paused: false,
  };
  return { pipeline, deploySeconds };
}

interface ArmFigures {
  throughput: ThroughputRound[];
  slow: LatencyRound[];
  fast: LatencyRound[];
  switchSeconds: number[];
  task?: StartedTask;
}

/** Per stage, the medians over the rounds of its p50 and p99 (ms). */
function stageMedians(rounds: LatencyRound[]): Record<string, { p50: number; p99: number }> {
  const stages = ["wal", "queue", "delivery"] as const;
  const median = (values: number[]) => summarize(values).median;
  return Object.fromEntries(stages.map((stage) => [stage, { p50: median(rounds.map((round) => round.stages[stage].p50)), p99: median(rounds.map((round) => round.stages[stage].p99)) }]));
}

function targetVerdict(value: number, limit: number): string {
  return `${value} ms (target ≤ ${limit}: ${value <= limit ? "met" : "not met"})`;
}

export const pipeline: Benchmark = {
  name: "pipeline",
  title: "CDC pipeline",
  expectedMinutes: 10,
  async measure(ctx: BenchContext) {
    const { downstream, files } = await installExample(ctx);
    const stacks: Partial<Record<PipelineDelivery, Pipeline>> = {};
    const deploySeconds: Record<string, number> = {};
    for (const delivery of ["exactly-once", "at-least-once"] as const) {
      const deployed = await deployStack(ctx, downstream, files, delivery);
      stacks[delivery] = deployed.pipeline;
      deploySeconds[delivery] = deployed.deploySeconds;
      ctx.log(`${delivery} stack deployed in ${deployed.deploySeconds.toFixed(1)} s`);
    }
    const pipelineOf = (arm: ArmName) => stacks[ARM_SPECS[arm].delivery] as Pipeline;
    const otherOf = (arm: ArmName) => stacks[ARM_SPECS[arm].delivery === "exactly-once" ? "at-least-once" : "exactly-once"] as Pipeline;

    const figures = Object.fromEntries(ARMS.map((arm) => [arm, { throughput: [], slow: [], fast: [], switchSeconds: [] }])) as unknown as Record<ArmName, ArmFigures>;
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder(ARMS, round)) {
        const target = pipelineOf(arm);
        const switched = await switchTo(target, otherOf(arm), arm);
        const ofArm = figures[arm];
        ofArm.task ??= switched.task;
        ofArm.switchSeconds.push(switched.seconds);
        const slow = await latencyRound(target, uniqueId(`slow-${arm}`), SLOW_RATE);
        const fast = await latencyRound(target, uniqueId(`fast-${arm}`), FAST_RATE);
        const throughput = await throughputRound(target, uniqueId(`tp-${arm}`));
        ofArm.slow.push(slow);
        ofArm.fast.push(fast);
        ofArm.throughput.push(throughput);
        ctx.log(
          `round ${round + 1} ${arm}: ${SLOW_RATE}/s p50 ${slow.p50} ms p99 ${slow.p99} ms; ` +
            `${FAST_RATE}/s p50 ${fast.p50} ms p99 ${fast.p99} ms (writer ${Math.round(fast.committedPerSecond)} changes/s; ` +
            `stage p50 wal ${fast.stages.wal.p50.toFixed(1)} queue ${fast.stages.queue.p50.toFixed(1)} delivery ${fast.stages.delivery.p50.toFixed(1)} ms); ` +
            `${Math.round(throughput.eventsPerSecond)} events/s (${throughput.seconds.toFixed(1)} s after resume); switch to flowing ${switched.seconds.toFixed(1)} s`,
        );
      }
    }
    const ceiling = await readerCeiling(stacks["exactly-once"] as Pipeline, ROUNDS * THROUGHPUT_CHANGES);
    ctx.log(`reader alone, exactly-once stack from the beginning: ${ceiling.events} events at ${Math.round(ceiling.eventsPerSecond)} events/s`);

    const arm = (name: ArmName, label: string, unit: string, values: number[]) => ({ label: `${label}, ${ARM_SPECS[name].label}`, unit, values });
    const rates = (name: ArmName) => arm(name, "change events/s at saturation", "events/s", figures[name].throughput.map((round) => round.eventsPerSecond));
    const latencyComparison = (phase: "fast" | "slow", key: "p50" | "p99") => {
      const rate = phase === "fast" ? "1,000" : "100";
      const of = (name: ArmName) => arm(name, `commit → event ${key} at ${rate} changes/s`, "ms", figures[name][phase].map((round) => round[key]));
      return {
        title: `commit → event ${key} at ${rate} changes/s`,
        subject: of("exactlyOnce"),
        baseline: of("atLeastOnce"),
        references: [of("defaults")],
        ratioMeaning: "exactly-once / at-least-once tuned",
      };
    };
    const perArm = <T>(pick: (figures: ArmFigures) => T) => Object.fromEntries(ARMS.map((name) => [ARM_SPECS[name].label, pick(figures[name])]));
    const medianOf = (values: number[]) => summarize(values).median;
    const exactlyOnceFast = figures.exactlyOnce.fast;
    const taskDetail = (task: StartedTask | undefined) => {
      const settings = task?.producer.settings ?? {};
      const keys = ["transactional.id", "acks", "enable.idempotence", "linger.ms", "batch.size", "max.in.flight.requests.per.connection"];
      return { ...Object.fromEntries(keys.map((key) => [key, settings[key]])), "poll.interval.ms": task?.pollIntervalMs };
    };
    return {
      subject: rates("exactlyOnce"),
      baseline: rates("atLeastOnce"),
      references: [rates("defaults")],
      ratioMeaning: "exactly-once / at-least-once tuned",
      paired: true,
      target: { op: ">=", value: TARGET_THROUGHPUT_RATIO },
      comparisons: [latencyComparison("fast", "p50"), latencyComparison("fast", "p99"), latencyComparison("slow", "p50"), latencyComparison("slow", "p99")],
      details: {
        rounds: ROUNDS,
        latencyTargetsExactlyOnceAt1000PerSecond: {
          p50: targetVerdict(medianOf(exactlyOnceFast.map((round) => round.p50)), TARGET_P50_MS),
          p99: targetVerdict(medianOf(exactlyOnceFast.map((round) => round.p99)), TARGET_P99_MS),
        },
        deploySeconds,
        writerChangesPerSecondAt1000: perArm((of) => summarize(of.fast.map((round) => round.committedPerSecond))),
        writerChangesPerSecondAt100: perArm((of) => summarize(of.slow.map((round) => round.committedPerSecond))),
        latencyMaxMsAt1000: perArm((of) => summarize(of.fast.map((round) => round.max))),
        latencyMaxMsAt100: perArm((of) => summarize(of.slow.map((round) => round.max))),
        stagesMsAt1000: perArm((of) => stageMedians(of.fast)),
        stagesMsAt100: perArm((of) => stageMedians(of.slow)),
        throughputChangesPerRound: THROUGHPUT_CHANGES,
        writerChangesPerSecondWhilePaused: summarize(ARMS.flatMap((name) => figures[name].throughput.map((round) => round.committedPerSecond))),
        resumeToLastEventSeconds: perArm((of) => summarize(of.throughput.map((round) => round.seconds))),
        switchToFlowingSeconds: perArm((of) => summarize(of.switchSeconds)),
        readerAloneEventsPerSecond: ceiling.eventsPerSecond,
        taskAsLogged: perArm((of) => taskDetail(of.task)),
      },
      notes: [
        `Arms: ${ARM_SPECS.defaults.label}; ${ARM_SPECS.atLeastOnce.label} (the example's connector, poll.interval.ms ${DEBEZIUM_POLL_INTERVAL_MS}, worker exactly.once.source.support disabled); ${ARM_SPECS.exactlyOnce.label} (the same plus exactly.once.support required and transaction.boundary poll, worker exactly.once.source.support enabled). All carry the library's producer overrides.`,
        "Two stacks of examples/cdc-pipeline (delivery exactly-once and at-least-once; each with its broker, Postgres, Connect worker and the example's UI), deployed once and running side by side; the stack not measured has its connector paused. The at-least-once stack switches between its two arms by PUT /connectors/<name>/config; every measurement follows a task restart verified in the worker's log (a Debezium task start and a task producer since the switch, the producer's transactional.id) and the task's config from GET /connectors/<name>/tasks (poll.interval.ms), and a warm-up read.",
        `Latency: ${LATENCY_SECONDS} s at ${SLOW_RATE} changes/s, one per transaction (writeChanges), then ${LATENCY_SECONDS} s at ${FAST_RATE} changes/s in multi-row, multi-table transactions of ${FAST_MAX_ROWS === 3 ? "6, 10 or 14" : "several"} changes (${FAST_CHANGES_PER_TRANSACTION} on average, ${FAST_RATE / FAST_CHANGES_PER_TRANSACTION} commits/s; writeTransactions); per change, the reader's first read of its own event minus the time its COMMIT returned, same host clock; p50/p99 per round, medians of the rounds.`,
        `Throughput: ${THROUGHPUT_CHANGES} row changes per round, committed by one connection in transactions of ${CHANGES_PER_TRANSACTION} while the connector was paused, then resumed: events/s from the first to the last of them read, i.e. the rate the pipeline drains a backlog.`,
        "Path: Postgres (pgoutput) → Debezium on Connect (JSON converter) → one broker, 3 partitions per topic → one kafkajs reader on the host (ChangeReader, read_committed, no consumer offset commits); all on the same two cores, so the reader's own cost is part of the figures (readerAloneEventsPerSecond is its ceiling on the exactly-once stack's topics).",
      ],
    };
  },
};
