// The engine's plugins where a normal Pulumi installation holds them, so the engine loads them without its
// "using … from $PATH" warning: the provider plugins (docker stand-in 5.2.0, the built kafka 3.13.2 and, once
// `setup --test`/`--kubernetes` built it, kubernetes 4.34.2) in the plugin cache
// ($PULUMI_HOME/plugins/resource-<name>-v<version>/, installed with `pulumi plugin install --file`), and the plugins
// the official distribution bundles (the nodejs language host, the dynamic-provider plugin) beside the built CLI.
// Each is a small launcher, not a copy: the plugin cache and the CLI are per machine, the stand-ins' sources per clone.
// A launcher runs the stand-in of the clone whose toolchain environment started the engine (CDC_KAFKA_ROOT), else of
// the clone that last ran setup, so deleting a clone (a CI checkout) breaks no other clone.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheDir } from "../paths";
import { Step, StepContext } from "./step";

export const dockerProviderVersion = "5.2.0";
export const kafkaProviderVersion = "3.13.2";
/** The @pulumi/kubernetes version (a devDependency, for the Kubernetes tests) whose real provider setup builds. */
export const kubernetesProviderVersion = "4.34.2";

/** Written into every launcher, so setup and the environment tell the stand-ins from a real plugin. */
export const LAUNCHER_MARKER = "cdc-kafka-toolchain launcher";

export interface Launcher {
  kind: "resource" | "language";
  name: string;
  version?: string;
  /** The executable's file name: pulumi-resource-docker. */
  file: string;
  script: string;
}

function standInLauncher(kind: Launcher["kind"], name: string, version: string | undefined, root: string): Launcher {
  const file = `pulumi-${kind}-${name}`;
  const script = `#!/usr/bin/env bash
# ${file}: ${LAUNCHER_MARKER}, written by setup (toolchain/steps/enginePlugins.ts). Runs the offline stand-in of the
# clone whose toolchain environment started the engine (CDC_KAFKA_ROOT), else of the clone that last ran setup.
root="\${CDC_KAFKA_ROOT:-${root}}"
target="$root/toolchain/bin/${file}"
if [ ! -x "$target" ]; then
  echo "${file}: no cdc-kafka clone at $root (the stand-in lives in the repo); run npm run setup in a clone, or set CDC_KAFKA_ROOT to one." >&2
  exit 1
fi
exec "$target" "$@"
`;
  return { kind, name, version, file, script };
}

function binaryLauncher(name: string, version: string, binary: string): Launcher {
  const file = `pulumi-resource-${name}`;
  const script = `#!/bin/sh
# ${file} ${version}: ${LAUNCHER_MARKER}, written by setup (toolchain/steps/enginePlugins.ts); the binary it built
# lives in the machine's toolchain cache, keyed by its inputs.
exec '${binary}' "$@"
`;
  return { kind: "resource", name, version, file, script };
}

export function pulumiHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
}

function pluginDir(home: string, launcher: Launcher): string {
  return path.join(home, "plugins", `${launcher.kind}-${launcher.name}-v${launcher.version}`);
}

function readHead(file: string): string | undefined {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const buffer = Buffer.alloc(512);
      return buffer.subarray(0, fs.readSync(fd, buffer, 0, 512, 0)).toString("latin1");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Whether this Pulumi home holds a real provider plugin of that name and version (not a launcher of ours). */
export function realPluginInstalled(home: string, name: string, version: string): boolean {
  const dir = path.join(home, "plugins", `resource-${name}-v${version}`);
  if (!fs.existsSync(dir)) return false;
  return !(readHead(path.join(dir, `pulumi-resource-${name}`)) ?? "").includes(LAUNCHER_MARKER);
}

/** Where the kafka-provider step links the binary it built (not on PATH: the engine finds it in the plugin cache). */
export function kafkaProviderLink(cache: string): string {
  return path.join(cache, "kafka-provider", "pulumi-resource-kafka");
}

/** Where the kubernetes-provider step links the real provider plugin it built (for the plugin cache, as kafka's). */
export function kubernetesProviderLink(cache: string): string {
  return path.join(cache, "kubernetes-provider", "pulumi-resource-kubernetes");
}

function builtBinary(link: string): string | undefined {
  return fs.existsSync(link) ? fs.realpathSync(link) : undefined;
}

/** The directory of the CLI built into the cache, where the distribution keeps its bundled plugins; else undefined. */
export function builtCliDir(cache: string): string | undefined {
  const cli = path.join(cache, "bin", "pulumi");
  if (!fs.existsSync(cli)) return undefined;
  const real = fs.realpathSync(cli);
  return real.startsWith(path.join(cache, "pulumi-cli") + path.sep) ? path.dirname(real) : undefined;
}

export interface PluginPlan {
  /** For the plugin cache of a Pulumi home. */
  cached: Launcher[];
  /** Beside the built CLI. */
  bundled: Launcher[];
  /** Launchers of ours to take out of the plugin cache (real plugins asked for). */
  removed: Launcher[];
}

/** What this machine's engine should find, given the environment (real plugins wanted or present, built binaries). */
export function pluginPlan(root: string, env: NodeJS.ProcessEnv = process.env): PluginPlan {
  const cache = cacheDir(env);
  const home = pulumiHome(env);
  const docker = standInLauncher("resource", "docker", dockerProviderVersion, root);
  const realWanted = env.CDC_KAFKA_REAL_PLUGINS === "1" || realPluginInstalled(home, "docker", dockerProviderVersion);
  const kafkaBinary = builtBinary(kafkaProviderLink(cache));
  const realKafka = realPluginInstalled(home, "kafka", kafkaProviderVersion);
  const kubernetesBinary = builtBinary(kubernetesProviderLink(cache));
  const realKubernetes = realPluginInstalled(home, "kubernetes", kubernetesProviderVersion);
  const cached = [
    ...(realWanted ? [] : [docker]),
    ...(kafkaBinary && !realKafka ? [binaryLauncher("kafka", kafkaProviderVersion, kafkaBinary)] : []),
    ...(kubernetesBinary && !realKubernetes ? [binaryLauncher("kubernetes", kubernetesProviderVersion, kubernetesBinary)] : []),
  ];
  const bundled = builtCliDir(cache)
    ? [standInLauncher("language", "nodejs", undefined, root), standInLauncher("resource", "pulumi-nodejs", undefined, root)]
    : [];
  const ours = (launcher: Launcher) => (readHead(path.join(pluginDir(home, launcher), launcher.file)) ?? "").includes(LAUNCHER_MARKER);
  const removed = realWanted && env.CDC_KAFKA_REAL_PLUGINS === "1" && ours(docker) ? [docker] : [];
  return { cached, bundled, removed };
}

function upToDate(file: string, script: string): boolean {
  try {
    return fs.readFileSync(file, "utf8") === script;
  } catch {
    return false;
  }
}

/** The launchers that are missing or differ (another clone ran setup last, a rebuilt binary); empty when warm. */
export function pendingPlugins(plan: PluginPlan, env: NodeJS.ProcessEnv = process.env): PluginPlan {
  const home = pulumiHome(env);
  const cliDir = builtCliDir(cacheDir(env));
  return {
    cached: plan.cached.filter((launcher) => !upToDate(path.join(pluginDir(home, launcher), launcher.file), launcher.script)),
    bundled: plan.bundled.filter((launcher) => !cliDir || !upToDate(path.join(cliDir, launcher.file), launcher.script)),
    removed: plan.removed,
  };
}

/**
 * Installs what `pending` lists: cache plugins with the CLI's own `pulumi plugin install --file` (its layout, lock
 * file and all), bundled ones beside the built CLI. Synchronous: the test sandboxes call it while they are set up.
 */
export function installPlugins(pending: PluginPlan, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = pulumiHome(env);
  const cache = cacheDir(env);
  const done: string[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cdc-kafka-plugin-"));
  try {
    for (const launcher of pending.cached) {
      const file = path.join(scratch, launcher.file);
      fs.writeFileSync(file, launcher.script, { mode: 0o755 });
      execFileSync(
        path.join(cache, "bin", "pulumi"),
        ["plugin", "install", launcher.kind, launcher.name, launcher.version as string, "--file", file, "--reinstall", "--non-interactive"],
        { env: { ...env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" }, stdio: "pipe" },
      );
      done.push(`${launcher.name} ${launcher.version}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const cliDir = builtCliDir(cache);
  for (const launcher of cliDir ? pending.bundled : []) {
    const target = path.join(cliDir as string, launcher.file);
    fs.writeFileSync(`${target}.partial`, launcher.script, { mode: 0o755 });
    fs.renameSync(`${target}.partial`, target);
    done.push(launcher.file);
  }
  for (const launcher of pending.removed) {
    const dir = pluginDir(home, launcher);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.lock`, { force: true });
    done.push(`removed the ${launcher.name} stand-in`);
  }
  return done;
}

/** Brings the plugin cache and the CLI's bundled plugins in line with pluginPlan; returns what it changed. */
export function ensureEnginePlugins(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const pending = pendingPlugins(pluginPlan(root, env), env);
  if (pending.cached.length + pending.bundled.length + pending.removed.length === 0) return [];
  return installPlugins(pending, env);
}

export const enginePluginsStep: Step = {
  name: "engine-plugins",
  async check(context: StepContext) {
    const plan = pluginPlan(context.repoRoot, context.env);
    const pending = pendingPlugins(plan, context.env);
    if (pending.cached.length + pending.bundled.length + pending.removed.length > 0) return undefined;
    const names = [...plan.cached.map((l) => `${l.name} ${l.version}`), ...plan.bundled.map((l) => l.file)];
    return names.length > 0 ? `installed: ${names.join(", ")}` : "real plugins in use";
  },
  async build(context: StepContext) {
    const done = installPlugins(pendingPlugins(pluginPlan(context.repoRoot, context.env), context.env), context.env);
    return `installed in ${pulumiHome(context.env)}/plugins and beside the CLI: ${done.join(", ")}`;
  },
};
