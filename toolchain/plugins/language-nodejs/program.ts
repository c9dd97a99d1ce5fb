// Where the stand-in finds the engine and the program, decided the way the real nodejs language host decides it
// (its @pulumi/pulumi/cmd/run), so a program that runs here also runs under a downloaded Pulumi.
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

/** The parts of the CLI's ProgramInfo that say where the program is. */
export interface ProgramLocation {
  /** Absolute directory of the program (Pulumi.yaml's directory, or its `main` if that names a directory). */
  programDirectory: string;
  /** Pulumi.yaml's `main` when it names a file, relative to programDirectory; "." otherwise. */
  entryPoint: string;
}

/** The module to require, and a warning for the user when the choice is likely not what they meant. */
export interface EntryModule {
  modulePath: string;
  warning?: string;
}

interface PackageManifest {
  main?: unknown;
  exports?: unknown;
  type?: unknown;
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

function nearestPackageJson(fromDirectory: string): string | undefined {
  return findUp(fromDirectory, "package.json");
}

function manifestEntry(manifest: PackageManifest): string | undefined {
  const exported = manifest.exports;
  if (typeof exported === "string") {
    return exported;
  }
  if (exported && typeof exported === "object") {
    const main = (exported as Record<string, unknown>)["."];
    if (typeof main === "string") {
      return main;
    }
    if (main && typeof main === "object") {
      const conditions = main as Record<string, unknown>;
      const target = conditions.default ?? conditions.require ?? conditions.import;
      return typeof target === "string" ? target : undefined;
    }
    return undefined;
  }
  return typeof manifest.main === "string" ? manifest.main : undefined;
}

/**
 * The module that is the program: Pulumi.yaml's `main` file if set; otherwise the `exports`/`main` of the nearest
 * package.json (searched upwards, as the real host does); otherwise the program directory's index.js or index.ts.
 */
export function resolveEntryModule(location: ProgramLocation): EntryModule {
  const { programDirectory, entryPoint } = location;
  if (entryPoint && entryPoint !== ".") {
    return { modulePath: path.resolve(programDirectory, entryPoint) };
  }
  const manifestPath = nearestPackageJson(programDirectory);
  const manifest: PackageManifest = manifestPath ? JSON.parse(fs.readFileSync(manifestPath, "utf8")) : {};
  if (manifest.type === "module") {
    throw new Error(
      `${manifestPath} declares "type": "module"; the offline pulumi-language-nodejs stand-in runs CommonJS ` +
        "programs only, so remove the field or run the program through the Automation API.",
    );
  }
  const directoryModule = programDirectory + path.sep;
  const entry = manifestEntry(manifest);
  if (!manifestPath || entry === undefined) {
    return { modulePath: directoryModule };
  }
  const packageRoot = path.dirname(manifestPath);
  const entryPath = path.join(packageRoot, entry);
  if (!fs.existsSync(entryPath)) {
    return {
      modulePath: directoryModule,
      warning: `Could not find entry point '${entry}' specified in ${manifestPath}; using '${programDirectory}' instead.`,
    };
  }
  const ownIndex = ["index.ts", "index.js"].map((f) => path.join(programDirectory, f)).find((f) => fs.existsSync(f));
  const surprising = packageRoot !== programDirectory && ownIndex !== undefined && ownIndex !== entryPath;
  return {
    modulePath: entryPath,
    warning: surprising
      ? `Running ${entryPath} (the entry of ${manifestPath}), as Pulumi's nodejs host does; set ` +
        `\`main: ${path.basename(ownIndex)}\` in Pulumi.yaml to run ${ownIndex} instead.`
      : undefined,
  };
}

/** The package.json of `name` as Node would resolve the package from `fromDirectory`, if it is installed. */
export function installedPackageJson(name: string, fromDirectory: string): string | undefined {
  return findUp(fromDirectory, path.join("node_modules", name, "package.json"));
}

/** Dependencies of the program's package.json with the versions installed for it, for `pulumi about`. */
export function programDependencies(programDirectory: string): Array<{ name: string; version: string }> {
  const manifestPath = nearestPackageJson(programDirectory);
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
