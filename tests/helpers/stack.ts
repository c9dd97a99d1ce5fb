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
  /**
   * Each broker's ERROR/FATAL log lines right after the deployment, read by the global setup before any test runs: a
   * clean start has none. (Later tests provoke errors on purpose, e.g. an acks=all write refused below min.insync.)
   */
  logProblemsAfterStart?: Record<string, string[] | undefined>;
}

/** Set by the global setup; the file is per run, so two runs on one machine never read each other's stack. */
const stackEnv = "CDC_KAFKA_IT_STACK";

function stackFile(stackName: string): string {
  return path.join(repoRoot, "test-results", `integration-stack-${stackName}.json`);
}

export function writeDeployedStack(stack: DeployedStack): void {
  process.env[stackEnv] = stack.stackName;
  fs.mkdirSync(path.dirname(stackFile(stack.stackName)), { recursive: true });
  fs.writeFileSync(stackFile(stack.stackName), JSON.stringify(stack, null, 2));
}

export function deployedStack(): DeployedStack {
  const stackName = process.env[stackEnv];
  if (!stackName || !fs.existsSync(stackFile(stackName))) {
    throw new Error("No integration stack is deployed for this run: the integration global setup did not run or failed.");
  }
  return JSON.parse(fs.readFileSync(stackFile(stackName), "utf8")) as DeployedStack;
}

/** A string output of the deployed stack; fails clearly when the program did not export it. */
export function output<T = string>(name: string): T {
  const outputs = deployedStack().outputs;
  if (!(name in outputs)) throw new Error(`The stack has no output named ${name}; it has ${Object.keys(outputs).join(", ")}.`);
  return outputs[name] as T;
}
