// The offline pulumi-language-nodejs stand-in under the literal `pulumi` CLI: a TypeScript program with a component,
// stack config and outputs goes through preview, up, an up that must change nothing, and destroy; a program that
// throws fails the update with its error on the CLI's output. Needs `npm run setup` (the Pulumi CLI on the PATH).
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { engineAddressFromArgs, resolveEntryModule } from "../../toolchain/plugins/language-nodejs/program";
import { standInBinDir } from "../../toolchain/paths";
import { onPath, pulumiSandbox } from "./fixtures/pulumiSandbox";

jest.setTimeout(180_000);

const fixtures = path.join(__dirname, "fixtures");
const sandbox = pulumiSandbox("language-host");
const rpcLog = path.join(sandbox.dir, "rpc.log");
const standIn = path.join(standInBinDir, "pulumi-language-nodejs");

interface CliResult {
  code: number;
  output: string;
}

// Commands that run the program (or set its config) run in the fixture directory, as a user would; stack-level ones
// run in a sandbox copy of Pulumi.yaml, because `stack init` writes Pulumi.dev.yaml (the encryption salt) next to
// the project file and has no --config-file. The fixtures stay clean either way.
const programCommands = new Set(["config", "preview", "up", "refresh", "destroy"]);

function stackDirectory(fixture: string): string {
  const dir = path.join(sandbox.dir, fixture);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(fixtures, fixture, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  return dir;
}

/** Runs the CLI on the fixture's `dev` stack; the RPCs the stand-in served are appended to rpcLog. */
async function pulumi(fixture: string, args: string[]): Promise<CliResult> {
  const stackDir = stackDirectory(fixture);
  const runsProgram = programCommands.has(args[0]);
  const configFile = runsProgram ? ["--config-file", path.join(stackDir, "Pulumi.dev.yaml")] : [];
  const cliArgs = [...args, ...configFile, "--stack", "dev", "--non-interactive", "--color=never"];
  const env = { ...sandbox.env, CDC_KAFKA_LANGUAGE_HOST_RPC_LOG: rpcLog };
  try {
    const { stdout, stderr } = await promisify(execFile)("pulumi", cliArgs, {
      cwd: runsProgram ? path.join(fixtures, fixture) : stackDir,
      env,
      timeout: 120_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout}${failed.stderr}` };
  }
}

async function mustPulumi(fixture: string, args: string[]): Promise<string> {
  const result = await pulumi(fixture, args);
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} in ${fixture} exited with ${result.code}:\n${result.output}`);
  }
  return result.output;
}

describe("engineAddressFromArgs", () => {
  test.each([
    [["127.0.0.1:4242"], "127.0.0.1:4242"],
    [["--logtostderr", "-v=9", "127.0.0.1:4242"], "127.0.0.1:4242"],
    [["--tracing", "http://127.0.0.1:1", "127.0.0.1:4242"], "127.0.0.1:4242"],
    [["-root=/p", "-tracing", "file:/t.json", "-typescript", "localhost:1"], "localhost:1"],
    [["-v", "9", "--", "127.0.0.1:5"], "127.0.0.1:5"],
  ])("%j -> %s", (args, expected) => {
    expect(engineAddressFromArgs(args)).toBe(expected);
  });

  test("without an address it says how the host is meant to be started", () => {
    expect(() => engineAddressFromArgs(["--logtostderr", "--tracing", "x"])).toThrow(
      "pulumi-language-nodejs needs the Pulumi engine's address as its last argument " +
        "(e.g. `pulumi-language-nodejs 127.0.0.1:4242`); let the Pulumi CLI start it.",
    );
  });
});

describe("resolveEntryModule", () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "lh-entry-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test("Pulumi.yaml's main wins", () => {
    write("a/index.ts", "");
    expect(resolveEntryModule({ programDirectory: path.join(project, "a"), entryPoint: "stack.ts" })).toEqual({
      modulePath: path.join(project, "a", "stack.ts"),
    });
  });

  test("without main, the program directory's index is required", () => {
    write("b/index.ts", "");
    expect(resolveEntryModule({ programDirectory: path.join(project, "b"), entryPoint: "." })).toEqual({
      modulePath: path.join(project, "b") + path.sep,
    });
  });

  test("a package.json main further up is used, as the real host does, with a warning that names the fix", () => {
    write("package.json", JSON.stringify({ main: "lib/index.ts" }));
    write("lib/index.ts", "");
    write("c/index.ts", "");
    const entry = resolveEntryModule({ programDirectory: path.join(project, "c"), entryPoint: "." });
    expect(entry.modulePath).toBe(path.join(project, "lib", "index.ts"));
    expect(entry.warning).toBe(
      `Running ${path.join(project, "lib", "index.ts")} (the entry of ${path.join(project, "package.json")}), ` +
        `as Pulumi's nodejs host does; set \`main: index.ts\` in Pulumi.yaml to run ${path.join(project, "c", "index.ts")} instead.`,
    );
  });

  test("ES module packages are refused with the fix", () => {
    write("d/package.json", JSON.stringify({ type: "module" }));
    expect(() => resolveEntryModule({ programDirectory: path.join(project, "d"), entryPoint: "." })).toThrow(
      `${path.join(project, "d", "package.json")} declares "type": "module"; the offline pulumi-language-nodejs ` +
        "stand-in runs CommonJS programs only, so remove the field or run the program through the Automation API.",
    );
  });
});

describe("pulumi-language-nodejs under the Pulumi CLI", () => {
  beforeAll(() => {
    onPath("pulumi", sandbox.env);
    // The CLI must pick the stand-in from PATH, not a language host installed beside it.
    expect(onPath("pulumi-language-nodejs", sandbox.env)).toBe(standIn);
  });

  afterAll(() => sandbox.remove());

  beforeEach(() => fs.rmSync(rpcLog, { force: true }));

  test("prints its gRPC port first, whatever flags precede the engine address", async () => {
    const started = process.hrtime.bigint();
    const host = spawn(standIn, ["--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:1", "127.0.0.1:1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        host.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().split("\n")[0]));
        host.once("exit", (code) => reject(new Error(`pulumi-language-nodejs exited with ${code}, printing no port`)));
      });
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`pulumi-language-nodejs printed its port after ${elapsedMs.toFixed(0)} ms`);
      expect(firstLine).toMatch(/^\d+$/);
    } finally {
      host.kill();
    }
  });

  test("previews, deploys, re-deploys without changes and destroys a TypeScript program", async () => {
    await mustPulumi("lh-program", ["stack", "init"]);
    await mustPulumi("lh-program", ["config", "set", "who", "toolchain"]);

    const preview = await mustPulumi("lh-program", ["preview"]);
    expect(preview).toMatch(/\+ 3 to create/);
    expect(fs.readFileSync(rpcLog, "utf8").split("\n")).toContain("Run");

    const up = await mustPulumi("lh-program", ["up", "--yes", "--skip-preview"]);
    expect(up).toMatch(/\+ 3 created/);
    const outputs = JSON.parse(await mustPulumi("lh-program", ["stack", "output", "--json"]));
    expect(outputs).toEqual({ text: "hello, toolchain", stack: "dev" });

    const again = await mustPulumi("lh-program", ["up", "--yes", "--expect-no-changes"]);
    expect(again).toMatch(/3 unchanged/);

    const destroy = await mustPulumi("lh-program", ["destroy", "--yes", "--skip-preview"]);
    expect(destroy).toMatch(/- 3 deleted/);
    await mustPulumi("lh-program", ["stack", "rm", "--yes"]);
  });

  test("a program that throws fails the update with its error on the CLI's output", async () => {
    await mustPulumi("lh-failing", ["stack", "init"]);

    const result = await pulumi("lh-failing", ["up", "--yes", "--skip-preview"]);

    expect(result.code).not.toBe(0);
    expect(result.output).toContain("error: Unhandled exception: Error: lh-failing: the fixture program failed on purpose");
    expect(result.output).toContain("lh-failing/index.ts:5");
    // Reported once: the host must not add its own copy to the SDK's report.
    const diagnostics = result.output.slice(result.output.indexOf("Diagnostics:"));
    expect(diagnostics.match(/the fixture program failed on purpose/g)).toHaveLength(1);
    await mustPulumi("lh-failing", ["stack", "rm", "--yes", "--force"]);
  });
});
