// The docker-compose arm of the time-to-ready benchmark: what a cp-all-in-one user would write instead of a stack —
// the same broker (image, environment, healthcheck, memory limit: a BrokerContainerSpec from the library's builders)
// and an init container that creates the same topics with kafka-topics once the broker is healthy
// (`depends_on: service_healthy`). Debian's docker-compose 1.29 (`setup --bench` installs it).
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { DATA_DIR, EXTERNAL_PORT, internalListener } from "../components/brokerEnv";
import { DEFAULTS } from "../components/config";
import type { TopicSpec } from "../components/topicConfig";
import { docker } from "../support/docker";
import { BrokerContainerSpec, healthTimeline } from "./brokerContainer";
import { BenchContext, removeByLabel, TEST_LABEL } from "./harness";

const run = promisify(execFile);
const NANOS_PER_MILLISECOND = 1e6;
const COMPOSE_TIMEOUT_MS = 180_000;

/** Compose interpolates `$VAR` in every string of the file; `$$` is a literal `$` (the healthcheck's bash needs many). */
export function composeLiteral(text: string): string {
  return text.replace(/\$/g, "$$$$");
}

/** A Docker duration in nanoseconds as compose writes it (`2000ms`); compose 1.29 has no `ns` unit. */
export function composeDuration(nanoseconds: number): string {
  return `${Math.round(nanoseconds / NANOS_PER_MILLISECOND)}ms`;
}

/** The init container's script: one kafka-topics run per topic, in turn, stopping at the first failure. */
export function createTopicsScript(bootstrapServer: string, topics: readonly TopicSpec[]): string {
  if (topics.length === 0) throw new Error("The compose file's init container needs at least one topic to create; pass the stack's topics.");
  return topics
    .map((topic) =>
      [
        "kafka-topics",
        `--bootstrap-server ${bootstrapServer}`,
        "--create",
        `--topic ${topic.name}`,
        `--partitions ${topic.partitions}`,
        `--replication-factor ${topic.replicationFactor}`,
        ...Object.entries(topic.config).map(([key, value]) => `--config ${key}=${value}`),
      ].join(" "),
    )
    .join(" && ");
}

/** The init container's name: the broker's with `-topics`. */
export function initContainerName(broker: BrokerContainerSpec): string {
  return `${broker.name}-topics`;
}

/**
 * The compose file (file format 2.4, whose `depends_on` takes conditions and whose services take `mem_limit`) as JSON,
 * which compose reads as YAML. The broker's data directory is on a named volume, as a stack's is; every container,
 * the network and the volume carry the spec's labels, so a failed run is still removed by label.
 */
export function composeFile(broker: BrokerContainerSpec, topics: readonly TopicSpec[]): string {
  const test = broker.healthcheck.Test;
  if (!test || test.length === 0) throw new Error(`The broker spec ${broker.name} has no healthcheck test; compose's service_healthy needs one.`);
  const environment = Object.fromEntries(
    broker.env.map((entry) => {
      const at = entry.indexOf("=");
      return [entry.slice(0, at), composeLiteral(entry.slice(at + 1))];
    }),
  );
  const healthcheck = {
    test: test.map(composeLiteral),
    ...(broker.healthcheck.Interval ? { interval: composeDuration(broker.healthcheck.Interval) } : {}),
    ...(broker.healthcheck.Timeout ? { timeout: composeDuration(broker.healthcheck.Timeout) } : {}),
    ...(broker.healthcheck.Retries ? { retries: broker.healthcheck.Retries } : {}),
    ...(broker.healthcheck.StartPeriod ? { start_period: composeDuration(broker.healthcheck.StartPeriod) } : {}),
  };
  return JSON.stringify(
    {
      version: "2.4",
      services: {
        broker: {
          image: broker.image,
          container_name: broker.name,
          hostname: broker.name,
          environment,
          healthcheck,
          mem_limit: broker.memoryBytes,
          ports: [`${DEFAULTS.hostBindIp}:${broker.hostPort}:${EXTERNAL_PORT}`],
          volumes: [`data:${DATA_DIR}`],
          labels: broker.labels,
        },
        topics: {
          image: broker.image,
          container_name: initContainerName(broker),
          depends_on: { broker: { condition: "service_healthy" } },
          entrypoint: ["bash", "-c"],
          command: [composeLiteral(createTopicsScript(internalListener(broker.name), topics))],
          labels: broker.labels,
        },
      },
      networks: { default: { labels: broker.labels } },
      volumes: { data: { labels: broker.labels } },
    },
    null,
    2,
  );
}

/** When the compose run reached each point (epoch ms), from its own exit and Docker's timestamps. */
export interface ComposeTimeline {
  startedAtMs: number;
  brokerCreatedMs: number;
  brokerHealthyMs?: number;
  initStartedMs: number;
  /** The init container's exit: the topics exist. */
  initFinishedMs: number;
  /** `docker-compose up -d` returned (after starting the init container, which may still run). */
  composeExitedMs: number;
}

export interface ComposeRun {
  /** From the call until the topics exist (the init container's exit) or compose returns, whichever is later. */
  seconds: number;
  timeline: ComposeTimeline;
}

/**
 * `docker-compose up -d` of `file` as project `project`, timed until the init container has created the topics;
 * then `whileUp`, and `down -v` (and removal by label, if down left anything). Throws, with the init container's output, when the
 * topics were not created.
 */
export async function timedComposeUp(
  ctx: BenchContext,
  project: string,
  file: string,
  broker: BrokerContainerSpec,
  /** Checks the running project (untimed), before it is removed. */
  whileUp: () => Promise<void>,
): Promise<ComposeRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${project}-`));
  const composePath = path.join(dir, "docker-compose.yml");
  fs.writeFileSync(composePath, file);
  const compose = (args: string[]) => run("docker-compose", ["--project-name", project, "--file", composePath, ...args], { timeout: COMPOSE_TIMEOUT_MS });
  const remove = ctx.cleanups.add(`compose project ${project}`, async () => {
    try {
      await compose(["down", "--volumes", "--remove-orphans", "--timeout", "5"]);
    } finally {
      await removeByLabel(`${TEST_LABEL}=${broker.labels[TEST_LABEL]}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  try {
    const startedAtMs = Date.now();
    await compose(["up", "--detach"]);
    const composeExitedMs = Date.now();
    const init = docker.getContainer(initContainerName(broker));
    const { StatusCode } = (await init.wait()) as { StatusCode: number };
    if (StatusCode !== 0) {
      const logs = (await init.logs({ stdout: true, stderr: true })).toString("utf8");
      throw new Error(`The compose init container exited ${StatusCode}, so the topics were not created; its output:\n${logs.slice(-2000)}`);
    }
    const initInfo = await init.inspect();
    const brokerInfo = await docker.getContainer(broker.name).inspect();
    const { createdMs, healthyMs } = healthTimeline(brokerInfo);
    const timeline: ComposeTimeline = {
      startedAtMs,
      brokerCreatedMs: createdMs,
      brokerHealthyMs: healthyMs,
      initStartedMs: Date.parse(initInfo.State.StartedAt),
      initFinishedMs: Date.parse(initInfo.State.FinishedAt),
      composeExitedMs,
    };
    await whileUp();
    return { seconds: (Math.max(timeline.initFinishedMs, composeExitedMs) - startedAtMs) / 1000, timeline };
  } finally {
    await remove();
  }
}

/** KRaft's cluster id is derived from a name, so it differs between any two brokers. */
const NAME_DERIVED_VARIABLES = ["CLUSTER_ID"];

function environmentOf(env: readonly string[]): Map<string, string> {
  return new Map(env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

/**
 * How `actual` differs from `expected` in what decides time to ready: image, memory limit, healthcheck test and
 * interval, and environment (with actual's container name and host port read as expected's, and the name-derived
 * cluster id left out). Empty when they are the same broker.
 */
export function specDifferences(expected: BrokerContainerSpec, actual: BrokerContainerSpec): string[] {
  const differences: string[] = [];
  if (expected.image !== actual.image) differences.push(`image ${actual.image}, not ${expected.image}`);
  if (expected.memoryBytes !== actual.memoryBytes) differences.push(`memory ${actual.memoryBytes} B, not ${expected.memoryBytes} B`);
  if (JSON.stringify(expected.healthcheck.Test) !== JSON.stringify(actual.healthcheck.Test)) differences.push("another healthcheck test");
  if (expected.healthcheck.Interval !== actual.healthcheck.Interval) {
    differences.push(`healthcheck interval ${actual.healthcheck.Interval} ns, not ${expected.healthcheck.Interval} ns`);
  }
  const normalized = (value: string) => value.split(actual.name).join(expected.name).split(`:${actual.hostPort}`).join(`:${expected.hostPort}`);
  const want = environmentOf(expected.env);
  const have = environmentOf(actual.env);
  for (const name of new Set([...want.keys(), ...have.keys()])) {
    if (NAME_DERIVED_VARIABLES.includes(name)) continue;
    const [wanted, got] = [want.get(name), have.get(name)];
    if (got === undefined) differences.push(`${name} missing`);
    else if (wanted === undefined) differences.push(`${name} extra`);
    else if (normalized(got) !== wanted) differences.push(`${name}=${got}, not ${wanted}`);
  }
  return differences;
}
