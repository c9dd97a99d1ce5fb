// Runs one external command of a setup step with its output in the step's log file, so failures name that file.
import { spawn } from "child_process";
import * as fs from "fs";

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log: string;
}

/** Resolves with the exit code; output goes to `log` (appended). Never throws for a non-zero exit. */
export function runLogged(command: string, args: string[], options: RunOptions): Promise<number> {
  fs.appendFileSync(options.log, `\n$ ${command} ${args.join(" ")}\n`);
  const out = fs.openSync(options.log, "a");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", out, out] });
    child.on("error", reject);
    child.on("close", (code) => {
      fs.closeSync(out);
      resolve(code ?? 1);
    });
  });
}

/** Like runLogged, but a non-zero exit is an error naming the command. */
export async function mustRun(command: string, args: string[], options: RunOptions): Promise<void> {
  const code = await runLogged(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
}

/** Runs a quiet probe (no log) and tells whether it exited 0 within `timeoutMs`. */
export function succeeds(command: string, args: string[], timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
