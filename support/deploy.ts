// Deploys and destroys test stacks through the Automation API, with the same program function index.ts runs.
import { ConfigMap, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kafkaStackProgram } from "../program";
import { applyToolchainEnv } from "../toolchain/env";

export const projectName = "cdc-kafka";

/** Config values under the project's namespace (`cdc-kafka:<key>`), from plain strings. */
export function projectConfig(values: Record<string, string>): ConfigMap {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${projectName}:${key}`, { value }]));
}

/**
 * Selects (or creates) a stack of the inline program in its own temporary work directory, so test stacks never write
 * stack files into the clone or touch a dev stack. State goes to the toolchain's backend like any other stack.
 */
export async function testStack(stackName: string, config: Record<string, string>): Promise<Stack> {
  applyToolchainEnv();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${stackName}-`));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program: kafkaStackProgram },
    {
      workDir,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
      // The dynamic-provider plugin (certificates, passwords) runs `node` in the work directory and loads the SDK from
      // there, as the real one does; this work directory has no node_modules, so it is pointed at the clone's.
      envVars: { NODE_PATH: path.join(__dirname, "..", "node_modules") },
    },
  );
  await stack.setAllConfig(projectConfig(config));
  return stack;
}

/** Plain values of the stack's outputs (secrets unwrapped: tests need the real values). */
export async function plainOutputs(stack: Stack): Promise<Record<string, unknown>> {
  const outputs = await stack.outputs();
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

/** Destroys the stack's resources and removes the stack from the backend. */
export async function destroyAndRemove(stack: Stack, onOutput?: (line: string) => void): Promise<void> {
  await stack.destroy({ onOutput });
  await stack.workspace.removeStack(stack.name);
}

/** Engine output prefixed with the stack name, for the test log. */
export function engineLog(stackName: string): (line: string) => void {
  return (line) => {
    if (process.env.CDC_KAFKA_QUIET_ENGINE !== "1") process.stdout.write(`[${stackName}] ${line}`);
  };
}
