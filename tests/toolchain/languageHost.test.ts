// The offline pulumi-language-nodejs stand-in under the literal `pulumi` CLI: a TypeScript program with a component,
// stack config and outputs goes through preview, up, an up that must change nothing, and destroy; a program that
// throws fails the update with its error on the CLI's output. Needs `npm run setup` (the Pulumi CLI on the PATH).
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
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

describe("pulumi-language-nodejs under the Pulumi CLI", () => {
  beforeAll(() => {
    onPath("pulumi", sandbox.env);
    // As in Pulumi's distribution, the language host sits beside the CLI (a launcher of the stand-in), not on PATH.
    expect(() => onPath("pulumi-language-nodejs", sandbox.env)).toThrow(/^pulumi-language-nodejs is not on the toolchain PATH/);
    const cli = fs.realpathSync(onPath("pulumi", sandbox.env));
    expect(fs.readFileSync(path.join(path.dirname(cli), "pulumi-language-nodejs"), "utf8")).toContain("toolchain/bin/pulumi-language-nodejs");
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
    expect(preview).not.toContain("from $PATH");
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
    // The SDK's own report, as under the real host: the program's entry file, then the error and where it was thrown.
    expect(result.output).toMatch(/error: Running program '\S*lh-failing\/index\.ts' failed with an unhandled exception:/);
    expect(result.output).toContain("Error: lh-failing: the fixture program failed on purpose");
    // The SDK colours the stack (util.inspect with colors, the program's cwd greyed), whatever --color says.
    expect(result.output.replace(/\x1b\[\d+m/g, "")).toContain("lh-failing/index.ts:5");
    // Reported once: the host must not add its own copy to the SDK's report.
    const diagnostics = result.output.slice(result.output.indexOf("Diagnostics:"));
    expect(diagnostics.match(/the fixture program failed on purpose/g)).toHaveLength(1);
    await mustPulumi("lh-failing", ["stack", "rm", "--yes", "--force"]);
  });
});
