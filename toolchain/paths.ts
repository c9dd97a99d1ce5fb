// Where the offline toolchain lives: the repo clone (stand-in plugins) and a cache shared by every clone on a machine.
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..");

/** The cache outside the clone, so a second clone (CI's) reuses what the first one built. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CDC_KAFKA_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "cdc-kafka-toolchain");
}

/** Binaries built by setup (pulumi, pulumi-resource-kafka) are linked here. */
export function cacheBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), "bin");
}

/** The committed stand-in executables (docker provider, nodejs language host). */
export const standInBinDir = path.join(repoRoot, "toolchain", "bin");

/** Strimzi's generated CRDs (`yaml/` and `json/`, one file per kind), made by setup's strimzi-crds step. */
export function strimziCrdDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), "strimzi-crds", "current");
}
