// The literal commands a user runs in the project directory, timed until they exit: `pulumi up --yes --skip-preview`
// of Pulumi.yaml's program and `npm run up`, each on a throwaway stack of its own (its own Pulumi.<stack>.yaml beside
// Pulumi.yaml, git-ignored as Pulumi.cli-*.yaml), removed afterwards. The CLI's engine events are read as they arrive
// from its --event-log file, so the phases of the up can be told apart.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plainOutputs } from "../support/deploy";
import { uniqueId } from "../support/ids";
import { withAdmin } from "../support/kafkaAdmin";
import { deploymentConfig } from "../support/testConfig";
import { repoRoot } from "../toolchain/paths";
import { BenchContext, removeBackendLeftovers, removeByLabel } from "./harness";

const COMMAND_TIMEOUT_MS = 300_000;
const EVENT_LOG_POLL_MS = 20;
const STACK_TYPE = "pulumi:pulumi:Stack";

export interface CommandRun {
  startedAtMs: number;
  exitedAtMs: number;
  seconds: number;
}

/** Runs `command` in the project directory to its end; throws with the tail of its output when it fails. */
export async function timedCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandRun> {
  const startedAtMs = Date.now();
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-8000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const timer = setTimeout(() => child.kill("SIGINT"), COMMAND_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => clearTimeout(timer));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`\`${command} ${args.join(" ")}\` exited ${code}; its last output:\n${output.slice(-3000)}`);
  return { startedAtMs, exitedAtMs: startedAtMs + seconds * 1000, seconds };
}

/** One engine event as the CLI writes it to --event-log (the fields the phases need). */
export interface EngineEvent {
  resourcePreEvent?: { metadata?: { type?: string } };
  resOutputsEvent?: { metadata?: { type?: string } };
}

/** When the events that mark the phases of an up arrived (epoch ms). */
export interface EngineMilestones {
  /** The engine's first event (its prelude): the CLI has loaded the project and the stack. */
  firstEventMs?: number;
  /** The program registered its stack resource: the language host and the program's process have started. */
  stackRegisteredMs?: number;
  /** The program's first own resource: its modules are loaded (and compiled, for TypeScript). */
  firstResourceMs?: number;
  /** Resource type → when the last resource of that type was done. */
  lastDoneByType: Record<string, number>;
}

/** The milestones of an up from its events and their arrival times. */
export function engineMilestones(events: ReadonlyArray<{ atMs: number; event: EngineEvent }>): EngineMilestones {
  const milestones: EngineMilestones = { lastDoneByType: {} };
  for (const { atMs, event } of events) {
    milestones.firstEventMs ??= atMs;
    const registered = event.resourcePreEvent?.metadata?.type;
    if (registered === STACK_TYPE) milestones.stackRegisteredMs ??= atMs;
    else if (registered !== undefined) milestones.firstResourceMs ??= atMs;
    const done = event.resOutputsEvent?.metadata?.type;
    if (done !== undefined) milestones.lastDoneByType[done] = atMs;
  }
  return milestones;
}

/** Reads the lines appended to `file` every 20 ms, stamped with when they were seen; stop() reads the rest. */
function tailEvents(file: string): { stop(): Array<{ atMs: number; event: EngineEvent }> } {
  const events: Array<{ atMs: number; event: EngineEvent }> = [];
  let offset = 0;
  let partial = "";
  const read = () => {
    let text: string;
    try {
      const buffer = fs.readFileSync(file);
      text = buffer.subarray(offset).toString("utf8");
      offset = buffer.length;
    } catch {
      return; // not written yet
    }
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    const atMs = Date.now();
    for (const line of lines) if (line.trim() !== "") events.push({ atMs, event: JSON.parse(line) as EngineEvent });
  };
  const timer = setInterval(read, EVENT_LOG_POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      read();
      return events;
    },
  };
}

export interface CliStack {
  stackName: string;
  /** The broker's host listener. */
  bootstrapServers: string;
  brokerContainer: string;
  /** Checks, as the stack's admin, that every topic exists (untimed). */
  checkTopics(): Promise<void>;
  /** Removes the stack's Docker objects, the stack and its file; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * A new stack of the project directory's program with `topics`, the UI and the metrics off, the local images, free
 * ports; nothing deployed. Removed through its Docker label and a forced `stack rm` rather than `destroy`: the kafka
 * provider waits at least 20 s per deleted topic, which is not what is measured.
 */
export async function cliStack(ctx: BenchContext, purpose: string, topics: readonly string[]): Promise<CliStack> {
  // Pulumi.cli-*.yaml is git-ignored, so the stack file never shows up as a change in the clone.
  const stackName = uniqueId(`cli-bench-${purpose}`);
  const { config, stackLabel } = await deploymentConfig(stackName, { uiEnabled: "false", metricsEnabled: "false", topics: JSON.stringify(topics) });
  const stackFile = path.join(repoRoot, `Pulumi.${stackName}.yaml`);
  const remove = ctx.cleanups.add(`stack ${stackName}`, async () => {
    await removeByLabel(stackLabel);
    await timedCommand("pulumi", ["stack", "rm", "--yes", "--force", "--stack", stackName]).catch(() => undefined);
    fs.rmSync(stackFile, { force: true });
    removeBackendLeftovers(stackName);
  });
  await timedCommand("pulumi", ["stack", "init", stackName, "--non-interactive"]);
  const settings = Object.entries(config).flatMap(([key, value]) => ["--plaintext", `cdc-kafka:${key}=${value}`]);
  await timedCommand("pulumi", ["config", "set-all", "--stack", stackName, ...settings]);
  const bootstrapServers = `localhost:${config.hostPort}`;
  return {
    stackName,
    bootstrapServers,
    brokerContainer: `${config.namePrefix}-broker-1`,
    async checkTopics() {
      const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
      const stack = await LocalWorkspace.selectStack({ stackName, workDir: repoRoot });
      const outputs = (await plainOutputs(stack)) as { adminConfig?: Parameters<typeof withAdmin>[2] };
      const existing = await withAdmin(bootstrapServers, (admin) => admin.listTopics(), outputs.adminConfig);
      const missing = topics.filter((topic) => !existing.includes(topic));
      if (missing.length > 0) throw new Error(`Stack ${stackName} reported success but topics ${missing.join(", ")} are missing; check the kafka provider against the broker.`);
    },
    remove,
  };
}

/** `pulumi up --yes --skip-preview` of the stack, timed until the CLI exits, with the engine's milestones. */
export async function timedPulumiUp(stack: CliStack): Promise<CommandRun & { milestones: EngineMilestones }> {
  const eventLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${stack.stackName}-`)), "events.jsonl");
  const tail = tailEvents(eventLog);
  try {
    // --event-log exists only with the CLI's debug commands on, as the Automation API runs it; it changes nothing else.
    const env = { ...process.env, PULUMI_DEBUG_COMMANDS: "true" };
    const run = await timedCommand("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--event-log", eventLog], env);
    return { ...run, milestones: engineMilestones(tail.stop()) };
  } finally {
    tail.stop();
    fs.rmSync(path.dirname(eventLog), { recursive: true, force: true });
  }
}

/** `npm run up -- --stack <name>` (the toolchain check, then the Automation API's up and the summary), until it exits. */
export function timedNpmUp(stack: CliStack): Promise<CommandRun> {
  return timedCommand("npm", ["run", "up", "--", "--stack", stack.stackName]);
}
