// Go-built binaries (Pulumi CLI, kafka provider plugin): cached under a key of their inputs, linked into $CACHE/bin.
import * as fs from "fs";
import * as path from "path";
import { inputsKey } from "../inputsKey";
import { pointLink } from "./links";
import { kafkaProviderLink, kafkaProviderVersion, pulumiHome, realPluginInstalled } from "./enginePlugins";
import { mustRun, succeeds } from "./run";
import { Step, StepContext } from "./step";

export const pulumiVersion = "v3.274.1";

interface BinaryStep {
  name: string;
  binary: string;
  /** Paths (relative to the repo) whose content, with `extras`, keys the cached build. */
  inputs: string[];
  extras: string[];
  /** Where the built binary is linked; default $CACHE/bin/<binary> (on PATH). */
  linkPath?(context: StepContext): string;
  /** A real install that makes building unnecessary (a laptop with Pulumi), if any. */
  findReal(context: StepContext): Promise<string | undefined>;
  compile(context: StepContext, output: string, log: string): Promise<void>;
}

function cachedPath(context: StepContext, step: BinaryStep): string {
  const key = inputsKey(context.repoRoot, step.inputs, step.extras).slice(0, 16);
  return path.join(context.cacheDir, step.name, key, step.binary);
}

function link(context: StepContext, target: string, step: BinaryStep): void {
  pointLink(step.linkPath?.(context) ?? path.join(context.cacheDir, "bin", step.binary), target);
}

function binaryStep(step: BinaryStep): Step {
  return {
    name: step.name,
    async check(context) {
      const real = await step.findReal(context);
      if (real) return `using the installed ${real}`;
      const target = cachedPath(context, step);
      if (!fs.existsSync(target)) return undefined;
      link(context, target, step);
      return `cached ${target}`;
    },
    async build(context, log) {
      const target = cachedPath(context, step);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      await step.compile(context, partial, log);
      fs.renameSync(partial, target);
      link(context, target, step);
      return `built ${target} (${Math.round(fs.statSync(target).size / 1e6)} MB)`;
    },
  };
}

async function pulumiOnPath(context: StepContext): Promise<string | undefined> {
  const ours = path.join(context.cacheDir, "bin");
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir && dir !== ours);
  for (const dir of dirs) {
    const candidate = path.join(dir, "pulumi");
    if (fs.existsSync(candidate) && (await succeeds(candidate, ["version"]))) return `Pulumi CLI at ${candidate}`;
  }
  return undefined;
}

export const pulumiCliStep = binaryStep({
  name: "pulumi-cli",
  binary: "pulumi",
  inputs: ["toolchain/pulumi-cli"],
  extras: [pulumiVersion],
  findReal: pulumiOnPath,
  async compile(context, output, log) {
    const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pulumiVersion}`;
    await mustRun("go", ["build", "-o", output, "-ldflags", ldflags, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], {
      cwd: path.join(context.repoRoot, "toolchain", "pulumi-cli"),
      env: { ...context.env, CGO_ENABLED: "0" },
      log,
    });
  },
});

export const kafkaProviderStep = binaryStep({
  name: "kafka-provider",
  binary: "pulumi-resource-kafka",
  inputs: ["toolchain/providers/kafka"],
  extras: [kafkaProviderVersion],
  linkPath(context) {
    // Off PATH (the engine warns about plugins it finds there): the engine-plugins step installs it in the plugin cache.
    fs.rmSync(path.join(context.cacheDir, "bin", "pulumi-resource-kafka"), { force: true });
    return kafkaProviderLink(context.cacheDir);
  },
  async findReal(context) {
    const home = pulumiHome(context.env);
    return realPluginInstalled(home, "kafka", kafkaProviderVersion) ? `kafka provider plugin in ${home}/plugins` : undefined;
  },
  async compile(context, output, log) {
    await mustRun("bash", [path.join(context.repoRoot, "toolchain", "providers", "kafka", "build.sh"), output], {
      env: context.env,
      log,
    });
  },
});
