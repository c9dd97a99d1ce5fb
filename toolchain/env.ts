// The environment every command of the project runs in: the toolchain on PATH and a self-contained Pulumi setup.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheBinDir, repoRoot, standInBinDir } from "./paths";

/** The @pulumi/docker version whose provider plugin the stand-in replaces. */
export const dockerProviderVersion = "5.2.0";

/** Used only when the user has not chosen a passphrase; it guards secrets of local dev/test stacks. */
export const defaultPassphrase = "cdc-kafka-local";

/**
 * The variables to add to `base` so that `pulumi`, the provider plugins and the Automation API work offline:
 * the built binaries and the stand-ins on PATH, a file backend inside the clone, no update check, no plugin download.
 * Values the user already set win, so a laptop with a real Pulumi install and its own backend keeps them.
 */
export function toolchainEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const standIns = usesRealPlugins(base) ? [] : [standInBinDir];
  const pathEntries = [...standIns, cacheBinDir(base), "/usr/local/go/bin"];
  const currentPath = (base.PATH ?? "").split(path.delimiter).filter((entry) => entry && !pathEntries.includes(entry));
  const env: Record<string, string> = {
    PATH: [...pathEntries, ...currentPath].join(path.delimiter),
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
 * A laptop with a normal Pulumi install has the real docker provider in its plugin cache; plugins found on PATH win
 * over installed ones, so the stand-ins stay off PATH there (or when CDC_KAFKA_REAL_PLUGINS=1 says so).
 */
export function usesRealPlugins(base: NodeJS.ProcessEnv): boolean {
  if (base.CDC_KAFKA_REAL_PLUGINS === "1") return true;
  const pulumiHome = base.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
  return fs.existsSync(path.join(pulumiHome, "plugins", `resource-docker-v${dockerProviderVersion}`));
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
