// Stacks of the project directory through the Automation API. up, preview and down run the stack program inline (the
// same function index.ts exports, so no language host is needed) with the repo root as work dir, which makes the CLI
// read Pulumi.yaml and Pulumi.<stack>.yaml as `pulumi up` would. status and topics only read outputs, so they select the
// stack without loading the program at all.
import { LocalWorkspace, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../toolchain/paths";
import { errorMessage, OpsError } from "./errors";
import { addressesFromOutputs, StackAddresses } from "./outputs";
import { npmCommand } from "./args";
import { holdsOnlyEncryptionSalt } from "./stackFile";

/** Pulumi.yaml's `name`: the project whose stacks the backend lists. */
export const PROJECT_NAME = "cdc-kafka";

/**
 * How many resource operations `npm run up` (and create-topics) lets the engine run at once: `pulumi up --parallel`.
 * The engine's default is GOMAXPROCS × 4 (8 on 2 cores), and the kafka provider waits at least 1 s after each topic
 * it creates, so topics wait in line. `npm run bench -- topics` (2 cores, shared): 300 topics took 59.6 s at the
 * default, 42.5 s at 16, 45.6 s at 32, 44.7 s at 64 — beyond 16 the machine, not the engine, is the limit. 64 is
 * never below the engine's own default up to 16 CPUs. It trades more requests to the broker, the kafka plugin and
 * Docker at once; the operations are mostly waits, so it costs little CPU.
 */
export const UP_PARALLEL = 64;

function isStackNotFound(error: unknown): boolean {
  return error instanceof StackNotFoundError || /no stack named .* found/i.test(errorMessage(error));
}

async function stackNames(): Promise<string[]> {
  try {
    const workspace = await LocalWorkspace.create({ workDir: repoRoot });
    return (await workspace.listStacks()).map((summary) => summary.name).sort();
  } catch {
    return [];
  }
}

async function notFound(stackName: string): Promise<OpsError> {
  const existing = await stackNames();
  const choice = existing.length > 0 ? `; the backend has ${existing.join(", ")}` : "; the backend has no stacks yet";
  return new OpsError(
    `Stack ${stackName} does not exist in ${process.env.PULUMI_BACKEND_URL ?? "the Pulumi backend"}${choice}. Create and deploy it with \`${npmCommand("up", stackName)}\`.`,
  );
}

/** Select (or, for up and preview, create) a stack that runs the project's program inline. */
export async function programStack(stackName: string, create: boolean): Promise<Stack> {
  // Loaded here, not at the top: status and topics never need the components.
  const { kafkaStackProgram } = await import("../program");
  const args = { stackName, projectName: PROJECT_NAME, program: kafkaStackProgram };
  try {
    return create ? await LocalWorkspace.createOrSelectStack(args, { workDir: repoRoot }) : await LocalWorkspace.selectStack(args, { workDir: repoRoot });
  } catch (error) {
    if (isStackNotFound(error)) throw await notFound(stackName);
    throw error;
  }
}

/** The deployed stack's addresses from its outputs; a sentence when it does not exist or is not deployed. */
export async function stackAddresses(stackName: string): Promise<StackAddresses> {
  let stack: Stack;
  try {
    stack = await LocalWorkspace.selectStack({ stackName, workDir: repoRoot });
  } catch (error) {
    if (isStackNotFound(error)) throw await notFound(stackName);
    throw error;
  }
  const outputs = await stack.outputs();
  return addressesFromOutputs(stackName, Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value])));
}

function stackFilePath(stackName: string): string {
  return path.join(repoRoot, `Pulumi.${stackName}.yaml`);
}

/** Whether the stack has config to deploy with: a --config-file or its Pulumi.<stack>.yaml beside Pulumi.yaml. */
export function hasStackConfig(stackName: string, configFile?: string): boolean {
  return configFile !== undefined || fs.existsSync(stackFilePath(stackName));
}

/** Where the stack's config comes from, for the line up/preview print before the engine starts. */
export function configSource(stackName: string, configFile?: string): string {
  if (configFile) return configFile;
  const stackFile = stackFilePath(stackName);
  return fs.existsSync(stackFile)
    ? path.relative(process.cwd(), stackFile) || stackFile
    : `no Pulumi.${stackName}.yaml and no --config-file, so the component defaults (upstream images, ports 9092 and 8080)`;
}

/** The resources of a stack's last deployment (without the stack itself and the providers), for down's question. */
export async function deployedResources(stack: Stack): Promise<{ type: string; name: string }[]> {
  const state = await stack.exportStack();
  const resources = (state.deployment?.resources ?? []) as { type: string; urn: string }[];
  return resources
    .filter((resource) => resource.type !== "pulumi:pulumi:Stack" && !resource.type.startsWith("pulumi:providers:"))
    .map((resource) => ({ type: resource.type, name: resource.urn.split("::").pop() ?? resource.urn }));
}

/**
 * Deletes Pulumi.<stack>.yaml when it holds nothing but the salt stack creation wrote; returns its name when a file
 * with settings was kept.
 */
export function removeSaltOnlyStackFile(stackName: string): string | undefined {
  const stackFile = stackFilePath(stackName);
  if (!fs.existsSync(stackFile)) return undefined;
  if (!holdsOnlyEncryptionSalt(fs.readFileSync(stackFile, "utf8"))) return path.basename(stackFile);
  fs.rmSync(stackFile);
  return undefined;
}
