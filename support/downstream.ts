// A Pulumi project outside this repo that uses the library as a user's project would: the library packed with
// `npm pack`, installed from the tarball with its peer dependencies from the registry, deployed with the literal CLI
// from its own directory, state in its own file backend. Everything lives in one temporary directory.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../toolchain/paths";
import { mustPulumi, pulumi, CliResult } from "./cli";

const run = promisify(execFile);

/** The versions of the peer dependencies (and the TypeScript toolchain) the library is built and tested with. */
export function testedVersions(): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const names = ["@pulumi/pulumi", "@pulumi/docker", "@pulumi/kafka", "typescript", "ts-node", "@types/node"];
  return Object.fromEntries(names.map((name) => [name, manifest.devDependencies[name]]));
}

/**
 * A Pulumi TypeScript project's files as a user writes them (Pulumi.yaml, package.json, tsconfig.json), with the
 * tested versions of `dependencies` and of the TypeScript toolchain; the caller adds `index.ts`.
 */
export function typescriptProjectFiles(projectName: string, dependencies: string[]): Record<string, string> {
  const versions = testedVersions();
  return {
    "Pulumi.yaml": `name: ${projectName}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
    "package.json": JSON.stringify({
      name: projectName,
      private: true,
      dependencies: Object.fromEntries(dependencies.map((name) => [name, versions[name]])),
      devDependencies: { typescript: versions.typescript, "ts-node": versions["ts-node"], "@types/node": versions["@types/node"] },
    }),
    "tsconfig.json": JSON.stringify({
      compilerOptions: { strict: true, target: "ES2022", module: "node16", moduleResolution: "node16", esModuleInterop: true, skipLibCheck: true },
      files: ["index.ts"],
    }),
  };
}

let packed: Promise<string> | undefined;

/**
 * A directory that outlives each test file and that whoever set it removes at the end (the integration run's global
 * teardown): the packed tarballs go there, so a run leaves none of them in the temp directory.
 */
export const SCRATCH_DIR_ENV = "CDC_KAFKA_SCRATCH_DIR";

/**
 * `npm pack` of the repo (its prepare script builds dist/), once per test file; the tarball's path. Packed under
 * SCRATCH_DIR_ENV when it is set; otherwise the caller removes the tarball's directory.
 */
export function packedLibrary(): Promise<string> {
  packed ??= (async () => {
    const destination = fs.mkdtempSync(path.join(process.env[SCRATCH_DIR_ENV] ?? os.tmpdir(), "cdc-kafka-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string }>;
    return path.join(destination, filename);
  })();
  return packed;
}

export interface DownstreamProject {
  /** The project's directory (Pulumi.yaml, package.json, node_modules). */
  dir: string;
  /** Runs the literal `pulumi` CLI in the project's directory, against its own backend. */
  pulumi(args: string[], timeoutMs?: number): Promise<CliResult>;
  mustPulumi(args: string[], timeoutMs?: number): Promise<string>;
  /** `pulumi config set --secret <key>` with the value on standard input, so it is on no command line (`ps`). */
  setSecret(stackName: string, key: string, value: string): Promise<void>;
  /** Runs a command (`node`, `npm`, …) in the project's directory; resolves with its stdout. */
  exec(command: string, args: string[]): Promise<string>;
  /** Keeps this project's stacks in `other`'s backend, as two projects of one organization share a backend. */
  useBackendOf(other: DownstreamProject): void;
  /** The backend URL and passphrase the project's CLI runs with. */
  readonly env: Record<string, string>;
  remove(): void;
}

/**
 * Writes `files` into a new directory, points the `cdc-kafka` dependency at the packed tarball, and runs
 * `npm install` there, as a user of a released package would.
 */
export async function downstreamProject(prefix: string, files: Record<string, string>): Promise<DownstreamProject> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const dir = path.join(scratch, "project");
  const backend = path.join(scratch, "state");
  fs.mkdirSync(backend, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const manifestPath = path.join(dir, "package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { dependencies: Record<string, string> };
  manifest.dependencies["cdc-kafka"] = `file:${await packedLibrary()}`;
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const env = { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "downstream-test" };
  return {
    dir,
    env,
    useBackendOf: (other) => Object.assign(env, other.env),
    pulumi: (args, timeoutMs = 300_000) => pulumi(args, { cwd: dir, env, timeoutMs }),
    mustPulumi: (args, timeoutMs = 300_000) => mustPulumi(args, { cwd: dir, env, timeoutMs }),
    setSecret: async (stackName, key, value) => void (await mustPulumi(["config", "set", "--secret", key, "--stack", stackName], { cwd: dir, env, input: value })),
    exec: async (command, args) => (await run(command, args, { cwd: dir, timeout: 120_000 })).stdout,
    remove: () => fs.rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The files of an example under examples/<name> (no node_modules), to deploy as a downstream project. */
export function exampleFiles(name: string): Record<string, string> {
  const root = path.join(repoRoot, "examples", name);
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !file.includes(`${path.sep}node_modules${path.sep}`)) files[path.relative(root, file)] = fs.readFileSync(file, "utf8");
  }
  return files;
}
