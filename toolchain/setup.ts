// Builds or checks the offline toolchain a command needs; warm, it only checks.
// Usage: setup.ts [--pipeline | --test | --bench | --kubernetes]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheDir, repoRoot } from "./paths";
import { kafkaProviderStep, pulumiCliStep } from "./steps/binaries";
import { composeStep } from "./steps/compose";
import { enginePluginsStep } from "./steps/enginePlugins";
import { testPackagesStep } from "./steps/testPackages";
import { strimziCrdsStep } from "./steps/strimziCrds";
import { dockerEngineStep } from "./steps/dockerEngine";
import {
  etcdStep,
  kubeApiserverStep,
  kubeControllerManagerStep,
  kubernetesProviderStep,
  kubeSchedulerStep,
  kwokStep,
} from "./steps/kubernetes";
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
import { readStackFiles, StackNeeds, stackNeeds } from "./steps/stackNeeds";

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

export interface PlanOptions extends StackNeeds {
  /** Everything the test suites use: every image and the test packages. */
  forTests: boolean;
  /** The Postgres and Connect images of the pipeline example. */
  pipeline: boolean;
  /** What `npm run bench` runs: the pipeline's images and docker-compose (the time-to-ready benchmark's compose arm). */
  bench?: boolean;
  /** The local Kubernetes control plane (etcd, apiserver, controller-manager, scheduler, kwok) and provider plugin. */
  kubernetes?: boolean;
  /** CPUs of this machine. */
  cpus: number;
}

/**
 * The engine first, then lanes, then the engine's plugins (once every plugin binary exists). Go builds are CPU-bound
 * and image builds mostly wait on downloads, so they overlap well. With --test and --kubernetes the Go builds take two
 * lanes, balanced by their measured cold times (one lane finishing early leaves the other's single-threaded links and
 * module downloads with a core idle): the CLI, the kafka plugin and the Kubernetes provider plugin; etcd (a download),
 * the control plane, whose three binaries share the compiled k8s.io packages, and kwok. From 4 CPUs the images take
 * two lanes (the JVM images; the others), each base image before the images built on it. The CLI, the kafka plugin
 * and the Kafka image serve every stack; the rest only what `options` asks for.
 */
export function plan(options: PlanOptions): { first: Step[]; lanes: Step[][]; last: Step[] } {
  const pipeline = options.forTests || options.pipeline || options.bench === true;
  const jvmImages = [jreBaseImageStep, kafkaImageStep, ...(pipeline ? [connectImageStep] : [])];
  const otherImages = [
    ...(options.forTests || options.ui ? [nodeBaseImageStep, kafkaUiImageStep] : []),
    ...(pipeline ? [postgresBaseImageStep, postgresImageStep] : []),
    ...(options.forTests || options.prometheus ? [prometheusImageStep] : []),
    ...(options.forTests ? [testPackagesStep] : []),
    // Java, not Go: the Strimzi CRDs the Kubernetes tests validate and apply go beside the images, not in the Go lanes.
    ...(options.forTests || options.kubernetes ? [strimziCrdsStep] : []),
    ...(options.bench ? [composeStep] : []),
  ];
  const imageLanes = options.cpus >= 4 ? [jvmImages, otherImages] : [[...jvmImages, ...otherImages]];
  const kubernetes = options.forTests || options.kubernetes === true;
  const goLane = [pulumiCliStep, kafkaProviderStep, ...(kubernetes ? [kubernetesProviderStep] : [])];
  const controlPlaneLane = kubernetes ? [[etcdStep, kubeApiserverStep, kubeControllerManagerStep, kubeSchedulerStep, kwokStep]] : [];
  return {
    first: [dockerEngineStep],
    lanes: [goLane, ...controlPlaneLane, ...imageLanes.filter((lane) => lane.length > 0)],
    last: [enginePluginsStep],
  };
}

const OPTIONS = ["--pipeline", "--test", "--bench", "--kubernetes"];

/** The plan's options from setup's arguments; one sentence for an argument it does not know. */
export function planOptions(args: string[], stackFiles: string[], cpus: number): PlanOptions {
  const unknown = args.filter((arg) => !OPTIONS.includes(arg));
  if (unknown.length > 0) throw new Error(`setup does not know ${unknown.join(", ")}; it takes --pipeline (the pipeline's images too), --test (everything the tests use), --bench (the pipeline's images and docker-compose) or --kubernetes (a local Kubernetes control plane and the Kubernetes provider plugin).`);
  return {
    ...stackNeeds(stackFiles),
    forTests: args.includes("--test"),
    pipeline: args.includes("--pipeline"),
    bench: args.includes("--bench"),
    kubernetes: args.includes("--kubernetes"),
    cpus,
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
  let options: PlanOptions;
  try {
    options = planOptions(process.argv.slice(2), readStackFiles(repoRoot), os.availableParallelism());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const { first, lanes, last } = plan(options);
  try {
    await runLane(first, context);
    const results = await Promise.allSettled(lanes.map((lane) => runLane(lane, context)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
    await runLane(last, context);
  } catch (error) {
    const where = error instanceof StepFailure ? `step ${error.step}: ${error.message}; log: ${error.log}` : String(error);
    console.error(`✗ setup failed at ${where}`);
    process.exit(1);
  }
  console.log(`setup done in ${seconds(started)}; cache: ${cache}`);
}

if (require.main === module) void main();
