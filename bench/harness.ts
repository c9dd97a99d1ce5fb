// What every benchmark shares: a log with elapsed time, cleanups that also run on failure and Ctrl-C, test stacks
// (Automation API, UI off, unique names and ports) that are removed through their Docker labels, and the result shape.
import { Stack, UpResult } from "@pulumi/pulumi/automation";
import Docker from "dockerode";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STACK_LABEL } from "../components/labels";
import type { KafkaStackOutputValues } from "../components/kafkaStack";
import { plainOutputs, projectName, testStack } from "../support/deploy";
import { docker } from "../support/docker";
import { uniqueId } from "../support/ids";
import { withAdmin } from "../support/kafkaAdmin";
import { deploymentConfig } from "../support/testConfig";
import { containerThreadCpu, cpuSample } from "./brokerContainer";
import { ProcessUsage, sampleProcesses } from "./processUsage";
import { meetsTarget, pairedRatios, ratio, summarize, Summary, Target } from "./stats";

/** Label key of the Docker objects a benchmark makes itself (stacks label theirs with `cdc-kafka.stack`). */
export const TEST_LABEL = "cdc-kafka.test";

/** Undo steps still owed; run in reverse order of registration, each at most once. */
export class Cleanups {
  private readonly pending = new Map<number, { what: string; undo: () => Promise<void> }>();
  private next = 0;

  /** Registers `undo`; the returned function runs it now and forgets it. */
  add(what: string, undo: () => Promise<void>): () => Promise<void> {
    const key = this.next++;
    this.pending.set(key, { what, undo });
    return async () => {
      if (!this.pending.delete(key)) return;
      await undo();
    };
  }

  /** Runs every pending undo step, newest first; failures are reported and do not stop the others. */
  async runAll(report: (message: string) => void): Promise<void> {
    for (const [key, { what, undo }] of [...this.pending.entries()].reverse()) {
      this.pending.delete(key);
      try {
        await undo();
      } catch (error) {
        report(`cleanup of ${what} failed: ${(error as Error).message}`);
      }
    }
  }
}

export interface BenchContext {
  log(message: string): void;
  cleanups: Cleanups;
}

export function benchContext(): BenchContext {
  const started = Date.now();
  return {
    log: (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`),
    cleanups: new Cleanups(),
  };
}

export interface Arm {
  /** What was measured, e.g. "stack up until topics exist". */
  label: string;
  unit: string;
  values: number[];
  summary: Summary;
}

export interface BenchResult {
  name: string;
  title: string;
  subject: Arm;
  baseline: Arm;
  /** Further figures measured in the same rounds that help read the ratio, e.g. an idle floor; not in the ratio. */
  references: Arm[];
  /** Further subject/baseline pairs of the same rounds in other units (a latency beside a rate), each with its ratio. */
  comparisons: Comparison[];
  /** subject median / baseline median. */
  ratio: number;
  /** How the ratio reads, e.g. "stack / bare docker run". */
  ratioMeaning: string;
  /** Round-by-round ratios where the arms were measured as pairs. */
  pairedRatios?: number[];
  target?: Target;
  met?: boolean;
  /** Breakdowns and settings a reader needs to interpret the figures. */
  details: Record<string, unknown>;
  notes: string[];
  startedAt: string;
  seconds: number;
  /** Load average and foreign containers at start and end: a busy shared machine shows here. */
  machineLoad: { start: LoadSample; end: LoadSample };
}

export interface Comparison {
  /** What the pair measures, e.g. "commit → event p99". */
  title: string;
  subject: Arm;
  baseline: Arm;
  /** Further arms of the same measure (a third configuration), shown beside the pair; not in the ratio. */
  references: Arm[];
  /** subject median / baseline median. */
  ratio: number;
  ratioMeaning: string;
  pairedRatios?: number[];
}

export interface LoadSample {
  loadAverage1m: number;
  otherContainers: number;
}

export interface Measured {
  subject: Omit<Arm, "summary">;
  baseline: Omit<Arm, "summary">;
  references?: Omit<Arm, "summary">[];
  ratioMeaning: string;
  paired: boolean;
  /** Measured in the same rounds as subject and baseline, and paired the same way. */
  comparisons?: {
    title: string;
    subject: Omit<Arm, "summary">;
    baseline: Omit<Arm, "summary">;
    references?: Omit<Arm, "summary">[];
    ratioMeaning: string;
  }[];
  target?: Target;
  details?: Record<string, unknown>;
  notes?: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  /** Rough duration, printed before it starts. */
  expectedMinutes: number;
  measure(ctx: BenchContext): Promise<Measured>;
}

/** Runs one benchmark, its cleanups always, and turns its measurements into a result. */
export async function runBenchmark(benchmark: Benchmark, ctx: BenchContext): Promise<BenchResult> {
  const startedAt = new Date();
  const loadAtStart = await loadSample();
  let measured: Measured;
  try {
    measured = await benchmark.measure(ctx);
  } finally {
    await ctx.cleanups.runAll(ctx.log);
  }
  const summarized = (arm: Omit<Arm, "summary">): Arm => ({ ...arm, summary: summarize(arm.values) });
  const subject = summarized(measured.subject);
  const baseline = summarized(measured.baseline);
  const value = ratio(subject.summary, baseline.summary);
  return {
    name: benchmark.name,
    title: benchmark.title,
    subject,
    baseline,
    references: (measured.references ?? []).map(summarized),
    comparisons: (measured.comparisons ?? []).map((pair) => {
      const [pairSubject, pairBaseline] = [summarized(pair.subject), summarized(pair.baseline)];
      return {
        title: pair.title,
        subject: pairSubject,
        baseline: pairBaseline,
        references: (pair.references ?? []).map(summarized),
        ratio: ratio(pairSubject.summary, pairBaseline.summary),
        ratioMeaning: pair.ratioMeaning,
        pairedRatios: measured.paired ? pairedRatios(pairSubject.values, pairBaseline.values) : undefined,
      };
    }),
    ratio: value,
    ratioMeaning: measured.ratioMeaning,
    pairedRatios: measured.paired ? pairedRatios(subject.values, baseline.values) : undefined,
    target: measured.target,
    met: measured.target ? meetsTarget(value, measured.target) : undefined,
    details: measured.details ?? {},
    notes: measured.notes ?? [],
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machineLoad: { start: loadAtStart, end: await loadSample() },
  };
}

/** Running containers that no benchmark of this run made: other engineers' work sharing the cores. */
async function loadSample(): Promise<LoadSample> {
  const running = await docker.listContainers();
  // Stack labels are `<project>/<stack>`; the pipeline benchmark deploys a project of its own.
  const madeByBenchmark = (labels: Record<string, string>) =>
    (labels[TEST_LABEL] ?? "").startsWith("bench-") || (labels[STACK_LABEL] ?? "").split("/")[1]?.startsWith("bench-") === true;
  const others = running.filter((container) => !madeByBenchmark(container.Labels));
  return { loadAverage1m: os.loadavg()[0], otherContainers: others.length };
}

/** Seconds since `started` (a performance.now() reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Removes every container (with its anonymous volumes), network and volume that carries `label` (`key=value`). */
export async function removeByLabel(label: string): Promise<void> {
  const filters = { label: [label] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true, v: true })));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((network) => docker.getNetwork(network.Id).remove()));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((volume) => docker.getVolume(volume.Name).remove()));
}

/** A `cdc-kafka.test` label value unique to this benchmark run, and a cleanup that removes what carries it. */
export function testLabel(ctx: BenchContext, purpose: string): { label: string; labels: Record<string, string> } {
  const value = uniqueId(`bench-${purpose}`);
  const label = `${TEST_LABEL}=${value}`;
  ctx.cleanups.add(label, () => removeByLabel(label));
  return { label, labels: { [TEST_LABEL]: value } };
}

export interface BenchStack {
  stackName: string;
  stack: Stack;
  config: Record<string, string>;
  /** The broker's host listener, `localhost:<hostPort>`. */
  bootstrapServers: string;
  /** The first broker's container name (the stack program's naming: `<namePrefix>-broker-1`). */
  brokerContainer: string;
  /** Removes the stack's Docker objects and the stack itself; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * A test stack of the inline stack program with the UI off (the console is not part of what is measured), unique
 * names and free ports; nothing is deployed yet. Removal goes through the stack's Docker label and a forced stack
 * removal instead of `destroy`: destroying 300 topics one by one takes minutes and is not what is measured.
 */
export async function benchStack(ctx: BenchContext, purpose: string, overrides: Record<string, string> = {}): Promise<BenchStack> {
  const stackName = uniqueId(`bench-${purpose}`);
  const { config, stackLabel } = await deploymentConfig(stackName, { uiEnabled: "false", ...overrides });
  const stack = await testStack(stackName, config);
  const remove = ctx.cleanups.add(`stack ${stackName}`, async () => {
    await removeByLabel(stackLabel);
    await stack.workspace.removeStack(stackName, { force: true });
    fs.rmSync(stack.workspace.workDir, { recursive: true, force: true });
    removeBackendLeftovers(stackName);
  });
  return {
    stackName,
    stack,
    config,
    bootstrapServers: `localhost:${config.hostPort}`,
    brokerContainer: `${config.namePrefix}-broker-1`,
    remove,
  };
}

export const CONTAINER_TYPE = "docker:index/container:Container";
export const TOPIC_TYPE = "kafka:index/topic:Topic";

export interface UpTiming {
  /** From the call until the Automation API's up() returns: the CLI's run, then `stack output` and `stack history`. */
  seconds: number;
  /** From the call until the CLI's last line of output (its summary and duration): what a CLI user's `pulumi up` takes. */
  cliSeconds: number;
  startedAtMs: number;
  /** When the CLI printed its last line (epoch ms). */
  cliEndedAtMs: number;
  endedAtMs: number;
  /** Resource type → when the engine reported the last resource of that type done (epoch ms, as events arrived). */
  lastDoneByType: Record<string, number>;
}

/**
 * A file backend keeps a removed stack's checkpoint backup, history and backups; a benchmark run removes about a dozen
 * stacks (some with 300 topics), so it deletes those of its own stacks too.
 */
export function removeBackendLeftovers(stackName: string): void {
  const backend = process.env.PULUMI_BACKEND_URL ?? "";
  if (!backend.startsWith("file://")) return;
  const root = path.join(backend.slice("file://".length), ".pulumi");
  for (const leftover of [
    path.join(root, "stacks", projectName, `${stackName}.json.bak`),
    path.join(root, "stacks", projectName, `${stackName}.json.bak.attrs`),
    path.join(root, "history", projectName, stackName),
    path.join(root, "backups", projectName, stackName),
  ]) {
    fs.rmSync(leftover, { recursive: true, force: true });
  }
}

/**
 * An Automation API call, timed from the call until it returns (`seconds`) and until the CLI's last line of output
 * (`cliSeconds`: what the same command takes for a CLI user; up() then also runs `stack output` and `stack history`).
 */
export async function untilLastOutput<T>(
  call: (onOutput: () => void) => Promise<T>,
): Promise<{ result: T; startedAtMs: number; seconds: number; cliSeconds: number }> {
  const startedAtMs = Date.now();
  const started = performance.now();
  let lastOutput = started;
  const result = await call(() => (lastOutput = performance.now()));
  return { result, startedAtMs, seconds: secondsSince(started), cliSeconds: (lastOutput - started) / 1000 };
}

/** `pulumi up` of the stack, timed; the engine's output reaches the console only inside the error when it fails. */
export async function timedUp(benchStack: BenchStack, parallel?: number): Promise<UpTiming & { result: UpResult }> {
  const lastDoneByType: Record<string, number> = {};
  const { result, startedAtMs, seconds, cliSeconds } = await untilLastOutput((onOutput) =>
    benchStack.stack.up({
      parallel,
      onOutput,
      onEvent: (event) => {
        const done = event.resOutputsEvent?.metadata;
        if (done) lastDoneByType[done.type] = Date.now();
      },
    }),
  );
  return { result, seconds, cliSeconds, startedAtMs, cliEndedAtMs: startedAtMs + cliSeconds * 1000, endedAtMs: startedAtMs + seconds * 1000, lastDoneByType };
}

export interface TimedDeployment extends UpTiming {
  /** The broker container as the stack left it, inspected before the stack is removed. */
  broker: Docker.ContainerInspectInfo;
  /** With `profile`: where the CPU of the up went. */
  profile?: UpProfile;
}

/** CPU seconds of a cold up: this process and its descendants by role, the broker container, its threads by job. */
export interface UpProfile {
  cpuSecondsByRole: Record<string, number>;
  brokerContainerCpuSeconds: number;
  brokerThreadCpuSeconds: Record<string, number>;
  peakMiB: Record<string, number>;
}

export interface ColdUpOptions {
  /** The engine's parallelism (its default when absent). */
  parallel?: number;
  /** Stack config beside the topics, e.g. `{ security: "sasl_ssl" }`. */
  config?: Record<string, string>;
  /** Samples CPU and memory by role during the up, and reads the broker container's CPU right after it. */
  profile?: boolean;
  /** Measures something on the deployed stack, before it is removed; `outputs` are its plain (unwrapped) outputs. */
  whileUp?: (deployment: BenchStack, outputs: Partial<KafkaStackOutputValues>) => Promise<void>;
}

async function upProfile(usage: ProcessUsage, brokerContainer: string): Promise<UpProfile> {
  const container = docker.getContainer(brokerContainer);
  return {
    cpuSecondsByRole: usage.cpuSeconds,
    brokerContainerCpuSeconds: Number(((await cpuSample(container)).cpuNanos / 1e9).toFixed(2)),
    brokerThreadCpuSeconds: containerThreadCpu(await container.inspect()),
    peakMiB: usage.peakMiB,
  };
}

/**
 * A cold `up` of a fresh stack (network, volume, broker, kafka provider, topics), timed from the call until it
 * returns; then a check (as the stack's admin principal) that every configured topic exists, `whileUp`, and the
 * stack's removal.
 */
export async function timedColdUp(ctx: BenchContext, purpose: string, topics: readonly string[], options: ColdUpOptions = {}): Promise<TimedDeployment> {
  const deployment = await benchStack(ctx, purpose, { topics: JSON.stringify(topics), ...options.config });
  try {
    const stopSampling = options.profile ? sampleProcesses() : undefined;
    let timing: UpTiming;
    try {
      timing = await timedUp(deployment, options.parallel);
    } catch (error) {
      stopSampling?.();
      throw error;
    }
    const profile = stopSampling ? await upProfile(stopSampling(), deployment.brokerContainer) : undefined;
    const outputs: Partial<KafkaStackOutputValues> = await plainOutputs(deployment.stack);
    const existing = await withAdmin(deployment.bootstrapServers, (admin) => admin.listTopics(), outputs.adminConfig);
    const missing = topics.filter((topic) => !existing.includes(topic));
    if (missing.length > 0) {
      throw new Error(
        `Stack ${deployment.stackName} reported success but ${missing.length} topics are missing (${missing.slice(0, 3).join(", ")}); check the kafka provider against the broker.`,
      );
    }
    const broker = await docker.getContainer(deployment.brokerContainer).inspect();
    await options.whileUp?.(deployment, outputs);
    return { ...timing, broker, profile };
  } finally {
    await deployment.remove();
  }
}
