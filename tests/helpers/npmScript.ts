// Runs one of the project's npm scripts (`npm run -s <script> -- <args>`) as a person would type it, from inside the
// repo, stdin not a terminal, in the toolchain environment; resolves with the exit code instead of throwing.
import { execFile } from "child_process";
import * as path from "path";
import { toolchainEnv } from "../../toolchain/env";
import { repoRoot } from "../../toolchain/paths";

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function npmScript(script: string, args: string[], timeoutMs = 120_000): Promise<ScriptRun> {
  const env = { ...process.env, ...toolchainEnv(process.env), NO_COLOR: "1" };
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "-s", script, "--", ...args],
      { cwd: path.join(repoRoot, "tests"), env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // A timeout or a signal leaves no numeric code: -1 says the script did not finish.
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1;
        resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
      },
    );
  });
}
