// Builds or checks every piece of the offline toolchain; warm, it only checks. Usage: setup.ts [--test]
import * as fs from "fs";
import * as path from "path";
import { cacheDir, repoRoot } from "./paths";
import { kafkaProviderStep, pulumiCliStep } from "./steps/binaries";
import { enginePluginsStep } from "./steps/enginePlugins";
import { testPackagesStep } from "./steps/testPackages";
import { dockerEngineStep } from "./steps/dockerEngine";
import {
  connectImageStep,
  jreBaseImageStep,
  kafkaImageStep,
  kafkaUiImageStep,
  nodeBaseImageStep,
  postgresBaseImageStep,
  postgresImageStep,
  prometheusImageStep,
} from "./steps/images";
import { Step, StepContext } from "./steps/step";

class StepFailure extends Error {
  constructor(readonly step: string, readonly log: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

async function runStep(step: Step, context: StepContext): Promise<void> {
  const started = Date.now();
  const log = path.join(context.logDir, `${step.name}.log`);
  try {
    const present = await step.check(context);
    if (present) {
      console.log(`✓ ${step.name.padEnd(19)} ${present} (${seconds(started)})`);
      return;
    }
    fs.writeFileSync(log, `# ${step.name}, ${new Date().toISOString()}\n`);
    console.log(`… ${step.name.padEnd(19)} building (log: ${log})`);
    const built = await step.build(context, log);
    console.log(`✓ ${step.name.padEnd(19)} ${built} (${seconds(started)})`);
  } catch (error) {
    throw new StepFailure(step.name, log, error);
  }
}

async function runLane(steps: Step[], context: StepContext): Promise<void> {
  for (const step of steps) await runStep(step, context);
}

/**
 * Two lanes after the engine: Go builds are CPU-bound, image builds mostly wait on downloads, so they overlap well.
 * The engine's plugins are installed once the CLI and the kafka plugin exist.
 */
export function plan(forTests: boolean): { first: Step[]; lanes: Step[][] } {
  const imageLane = [
    jreBaseImageStep,
    kafkaImageStep,
    connectImageStep,
    nodeBaseImageStep,
    kafkaUiImageStep,
    postgresBaseImageStep,
    postgresImageStep,
    prometheusImageStep,
  ];
  return {
    first: [dockerEngineStep],
    lanes: [[pulumiCliStep, kafkaProviderStep, enginePluginsStep], forTests ? [...imageLane, testPackagesStep] : imageLane],
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const cache = cacheDir();
  const context: StepContext = {
    repoRoot,
    cacheDir: cache,
    logDir: path.join(cache, "logs"),
    env: { ...process.env, PATH: `${process.env.PATH}${path.delimiter}/usr/local/go/bin` },
  };
  fs.mkdirSync(context.logDir, { recursive: true });
  const { first, lanes } = plan(process.argv.includes("--test"));
  try {
    await runLane(first, context);
    const results = await Promise.allSettled(lanes.map((lane) => runLane(lane, context)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    const where = error instanceof StepFailure ? `step ${error.step}: ${error.message}; log: ${error.log}` : String(error);
    console.error(`✗ setup failed at ${where}`);
    process.exit(1);
  }
  console.log(`setup done in ${seconds(started)}; cache: ${cache}`);
}

if (require.main === module) void main();
