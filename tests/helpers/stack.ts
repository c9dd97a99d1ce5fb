// The integration stack shared by a test run: its name, config and outputs, handed from the global setup to the tests.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";

export interface DeployedStack {
  stackName: string;
  /** Label every Docker object of the stack carries (`key=value`). */
  stackLabel: string;
  config: Record<string, string>;
  outputs: Record<string, unknown>;
}

export const stackFile = path.join(repoRoot, "test-results", "integration-stack.json");

export function writeDeployedStack(stack: DeployedStack): void {
  fs.mkdirSync(path.dirname(stackFile), { recursive: true });
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));
}

export function deployedStack(): DeployedStack {
  if (!fs.existsSync(stackFile)) throw new Error(`${stackFile} is missing: the integration global setup did not deploy a stack.`);
  return JSON.parse(fs.readFileSync(stackFile, "utf8")) as DeployedStack;
}

/** A string output of the deployed stack; fails clearly when the program did not export it. */
export function output<T = string>(name: string): T {
  const outputs = deployedStack().outputs;
  if (!(name in outputs)) throw new Error(`The stack has no output named ${name}; it has ${Object.keys(outputs).join(", ")}.`);
  return outputs[name] as T;
}
