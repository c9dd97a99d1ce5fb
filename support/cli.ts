// Runs the literal `pulumi` CLI in the project directory, as a user would, in the toolchain environment.
import { execFile } from "child_process";
import { promisify } from "util";
import { toolchainEnv } from "../toolchain/env";
import { repoRoot } from "../toolchain/paths";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where and how the CLI runs: the repo's project by default, or another project's directory with extra variables. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Written to the CLI's standard input, e.g. a secret for `config set --secret <key>` (never on the command line). */
  input?: string;
}

export async function pulumi(args: string[], options: CliOptions | number = {}): Promise<CliResult> {
  const { cwd = repoRoot, env: extra = {}, timeoutMs = 300_000, input } = typeof options === "number" ? { timeoutMs: options } : options;
  const env = { ...process.env, ...toolchainEnv({ ...process.env, ...extra }), ...extra };
  try {
    const running = promisify(execFile)("pulumi", [...args, "--non-interactive"], {
      cwd,
      env,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    running.child.stdin?.end(input ?? "");
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Like pulumi(), but a non-zero exit fails with the CLI's own output. */
export async function mustPulumi(args: string[], options?: CliOptions | number): Promise<string> {
  const result = await pulumi(args, options);
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A stack file (`Pulumi.<stack>.yaml`) holding the given `cdc-kafka:` settings, values quoted as YAML strings. */
export function stackFileYaml(config: Record<string, string>): string {
  const lines = Object.entries(config).map(([key, value]) => `  cdc-kafka:${key}: ${JSON.stringify(value)}`);
  return `config:\n${lines.join("\n")}\n`;
}
