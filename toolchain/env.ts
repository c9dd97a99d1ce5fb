// The environment every command of the project runs in: the toolchain on PATH and a self-contained Pulumi setup.
import * as fs from "fs";
import * as path from "path";
import { cacheBinDir, repoRoot, standInBinDir } from "./paths";
import { dockerProviderVersion, pulumiHome, realPluginInstalled } from "./steps/enginePlugins";

/** The @pulumi/docker version whose provider plugin the stand-in replaces. */
export { dockerProviderVersion };

/** Used only when the user has not chosen a passphrase; it guards secrets of local dev/test stacks. */
export const defaultPassphrase = "cdc-kafka-local";

/**
 * The variables to add to `base` so that `pulumi`, the provider plugins and the Automation API work offline:
 * the built CLI on PATH (its plugins are in the plugin cache and beside it, where the engine looks without a warning),
 * this clone as the one the plugin launchers run (CDC_KAFKA_ROOT), a file backend inside the clone, no update check,
 * no plugin download. Values the user already set win, so a laptop with a real Pulumi install and its own backend
 * keeps them. CDC_KAFKA_PLUGINS_ON_PATH=1 puts the stand-ins on PATH as well (the engine then prefers them and warns).
 */
export function toolchainEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const standIns = base.CDC_KAFKA_PLUGINS_ON_PATH === "1" && !usesRealPlugins(base) ? [standInBinDir] : [];
  const pathEntries = [...standIns, cacheBinDir(base), "/usr/local/go/bin"];
  const currentPath = (base.PATH ?? "").split(path.delimiter).filter((entry) => entry && !pathEntries.includes(entry));
  const env: Record<string, string> = {
    PATH: [...pathEntries, ...currentPath].join(path.delimiter),
    CDC_KAFKA_ROOT: repoRoot,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_BACKEND_URL: base.PULUMI_BACKEND_URL || `file://${path.join(repoRoot, ".pulumi")}`,
  };
  if (base.PULUMI_CONFIG_PASSPHRASE === undefined && !base.PULUMI_CONFIG_PASSPHRASE_FILE) {
    env.PULUMI_CONFIG_PASSPHRASE = defaultPassphrase;
  }
  return env;
}

/**
 * A laptop with a normal Pulumi install has the real docker provider in its plugin cache (a launcher of ours does not
 * count); plugins found on PATH win over installed ones, so the stand-ins never go on PATH there (nor when
 * CDC_KAFKA_REAL_PLUGINS=1 says so), and setup installs none.
 */
export function usesRealPlugins(base: NodeJS.ProcessEnv): boolean {
  if (base.CDC_KAFKA_REAL_PLUGINS === "1") return true;
  return realPluginInstalled(pulumiHome(base), "docker", dockerProviderVersion);
}

/** Applies toolchainEnv() to this process (jest setup, ops scripts) and makes sure the file backend exists. */
export function applyToolchainEnv(): void {
  Object.assign(process.env, toolchainEnv(process.env));
  const backend = process.env.PULUMI_BACKEND_URL ?? "";
  if (backend.startsWith("file://")) fs.mkdirSync(backend.slice("file://".length), { recursive: true });
}

/** `export NAME='value'` lines for a POSIX shell: `eval "$(npm run -s env)"`. */
export function shellExports(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`)
    .join("\n");
}

if (require.main === module) {
  const env = toolchainEnv(process.env);
  const backend = env.PULUMI_BACKEND_URL;
  if (backend.startsWith("file://")) fs.mkdirSync(backend.slice("file://".length), { recursive: true });
  process.stdout.write(shellExports(env) + "\n");
}
