// Docker engine: use one that answers; else install Debian's docker.io if needed and start dockerd in the background.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installPackages, missingPackages } from "./apt";
import { succeeds } from "./run";
import { Step } from "./step";

const engineReadyTimeoutMs = 90_000;

async function engineAnswers(): Promise<boolean> {
  return succeeds("docker", ["info"], 15_000);
}

export const dockerEngineStep: Step = {
  name: "docker-engine",
  async check() {
    return (await engineAnswers()) ? "a running engine answers `docker info`" : undefined;
  },
  async build(context, log) {
    const missing = await missingPackages(["docker.io"]);
    const hasDockerd = await succeeds("sh", ["-c", "command -v dockerd"]);
    if (!hasDockerd && missing.length > 0) await installPackages(missing, log, context.env);
    const daemonLog = path.join(context.logDir, "dockerd.log");
    const out = fs.openSync(daemonLog, "a");
    // Detached, so the engine outlives setup and serves the tests and the stack afterwards.
    spawn("dockerd", [], { detached: true, stdio: ["ignore", out, out], env: context.env }).unref();
    fs.closeSync(out);
    const deadline = Date.now() + engineReadyTimeoutMs;
    while (Date.now() < deadline) {
      if (await engineAnswers()) return `dockerd started (log: ${daemonLog})`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`dockerd did not answer \`docker info\` within ${engineReadyTimeoutMs / 1000}s; see ${daemonLog}`);
  },
};
