// How the stand-in finds the engine and starts a program, decided the way the real nodejs language host decides it:
// the same flags and variables for the program's own @pulumi/pulumi/cmd/run, which then finds the entry module,
// registers ts-node and runs the program exactly as it does under a downloaded Pulumi.
import * as fs from "fs";
import * as path from "path";

// Go-style flags the CLI (or an older one) may put before the engine address that take a separate value.
const flagsWithValue = new Set(["tracing", "root", "tsconfig", "nodeargs", "packagemanager", "v"]);

/**
 * The engine address the CLI passes as the last positional argument, after flags such as `--logtostderr`, `-v=9`
 * or `--tracing <endpoint>`.
 */
export function engineAddressFromArgs(args: readonly string[]): string {
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const flag = arg.replace(/^--?/, "");
    if (!flag.includes("=") && flagsWithValue.has(flag)) {
      i++;
    }
  }
  const engineAddress = positionals[positionals.length - 1];
  if (!engineAddress) {
    throw new Error(
      "pulumi-language-nodejs needs the Pulumi engine's address as its last argument " +
        "(e.g. `pulumi-language-nodejs 127.0.0.1:4242`); let the Pulumi CLI start it.",
    );
  }
  return engineAddress;
}

/** The runtime options of Pulumi.yaml (`runtime.options`) that decide how the program is started. */
export interface RuntimeOptions {
  /** `typescript`: run .ts through ts-node (default true, as the real host). */
  typescript: boolean;
  /** `tsconfig`: the tsconfig file ts-node reads instead of tsconfig.json. */
  tsconfig?: string;
  /** `nodeargs`: extra arguments for node, split like a shell would. */
  nodeArgs: string[];
}

/** Splits `nodeargs` as a POSIX shell would (quotes and backslashes; no expansion). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word = (word ?? "") + text[++i];
      else word = (word ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? "";
    } else if (c === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new Error(`runtime option nodeargs has an unclosed ${quote}: ${text}`);
  if (word !== undefined) words.push(word);
  return words;
}

export function runtimeOptions(options: Record<string, unknown>): RuntimeOptions {
  const tsconfig = typeof options.tsconfig === "string" && options.tsconfig !== "" ? options.tsconfig : undefined;
  return {
    typescript: options.typescript !== false,
    tsconfig,
    nodeArgs: typeof options.nodeargs === "string" ? splitShellWords(options.nodeargs) : [],
  };
}

/** What one Run asks for, taken from the CLI's RunRequest. */
export interface ProgramRun {
  monitorAddress: string;
  engineAddress: string;
  organization: string;
  project: string;
  stack: string;
  /** Pulumi.yaml's directory. */
  rootDirectory: string;
  /** Where the program is (Pulumi.yaml's directory, or its `main` when that names a directory); its working directory. */
  programDirectory: string;
  /** Pulumi.yaml's `main` when it names a file, relative to programDirectory; "." otherwise. */
  entryPoint: string;
  dryRun: boolean;
  parallel: number;
  args: string[];
  config: Record<string, string>;
  configSecretKeys: string[];
  options: RuntimeOptions;
}

/** The SDK's entry point that runs a program; found from the program, so the program's own SDK runs it. */
export const RUN_MODULE = "@pulumi/pulumi/cmd/run";

/** cmd/run exits with this once it has shown the user an actionable message: the host then only fails the update. */
export const BAILED_EXIT_CODE = 32;

/** `@pulumi/pulumi/cmd/run` as Node resolves it from the program directory (PULUMI_LANGUAGE_NODEJS_RUN_PATH wins). */
export function locateRunModule(programDirectory: string, env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || RUN_MODULE;
  try {
    return require.resolve(wanted, { paths: [programDirectory] });
  } catch {
    throw new Error(
      `It looks like the Pulumi SDK has not been installed: ${wanted} cannot be found from ${programDirectory}. ` +
        "Have you run npm install or yarn install?",
    );
  }
}

/** The command line after `node [nodeargs]`, flag for flag what the real host passes to cmd/run. */
export function runArguments(run: ProgramRun, runModule: string): string[] {
  const flags: Array<[string, string]> = [
    ["monitor", run.monitorAddress],
    ["engine", run.engineAddress],
    ["organization", run.organization],
    ["project", run.project],
    ["root-directory", run.rootDirectory],
    ["stack", run.stack],
    ["pwd", run.programDirectory],
  ];
  const args = [runModule];
  for (const [name, value] of flags) {
    if (value) args.push(`--${name}`, value);
  }
  if (run.dryRun) args.push("--dry-run");
  args.push("--parallel", String(run.parallel));
  return [...args, run.entryPoint || ".", ...run.args];
}

/** The variables cmd/run reads: config and secret keys as JSON, and the TypeScript options. */
export function runEnvironment(run: ProgramRun): Record<string, string> {
  const env: Record<string, string> = {
    PULUMI_CONFIG: JSON.stringify(run.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.configSecretKeys),
  };
  if (run.options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (run.options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = run.options.tsconfig;
  return env;
}

/** The update's error when the program's process ended badly, worded as the real host words it. */
export function exitMessage(code: number | null, signal: NodeJS.Signals | null): string {
  return code === null
    ? `Program exited unexpectedly: killed by ${signal ?? "a signal"}`
    : `Program exited with non-zero exit code: ${code}`;
}

/** The first `relativePath` found from `fromDirectory` upwards, as Node searches for package.json and node_modules. */
function findUp(fromDirectory: string, relativePath: string): string | undefined {
  for (let dir = fromDirectory; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relativePath);
    if (fs.existsSync(candidate)) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

/** The package.json of `name` as Node would resolve the package from `fromDirectory`, if it is installed. */
export function installedPackageJson(name: string, fromDirectory: string): string | undefined {
  return findUp(fromDirectory, path.join("node_modules", name, "package.json"));
}

/** Dependencies of the program's package.json with the versions installed for it, for `pulumi about`. */
export function programDependencies(programDirectory: string): Array<{ name: string; version: string }> {
  const manifestPath = findUp(programDirectory, "package.json");
  if (!manifestPath) {
    return [];
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).map((name) => {
    const installed = installedPackageJson(name, programDirectory);
    const version = installed ? String(JSON.parse(fs.readFileSync(installed, "utf8")).version) : "not installed";
    return { name, version };
  });
}
