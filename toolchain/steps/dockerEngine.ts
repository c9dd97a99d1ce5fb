// Docker engine: use one that answers; else install Debian's docker.io if needed and start dockerd in the background.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installPackages, missingPackages } from "./apt";
import { succeeds } from "./run";
import { Step } from "./step";

const engineReadyTimeoutMs = 90_000;

/** Where the dockerd this step starts listens (/var/run is /run on Debian), and the docker CLI looks by default. */
const LOCAL_ENGINE = ["unix:///var/run/docker.sock", "unix:///run/docker.sock"];

async function engineAnswers(): Promise<boolean> {
  return succeeds("docker", ["info"], 15_000);
}

/** The engine DOCKER_HOST names when it is not the local one this step can start; undefined otherwise. */
export function configuredRemoteEngine(env: NodeJS.ProcessEnv): string | undefined {
  const host = env.DOCKER_HOST?.trim();
  return host && !LOCAL_ENGINE.includes(host) ? host : undefined;
}

export const dockerEngineStep: Step = {
  name: "docker-engine",
  async check() {
    return (await engineAnswers()) ? "a running engine answers `docker info`" : undefined;
  },
  async build(context, log) {
    // A local dockerd would not be the engine the docker CLI (and everything after setup) talks to.
    const remote = configuredRemoteEngine(context.env);
    if (remote) throw new Error(`DOCKER_HOST=${remote} does not answer \`docker info\`; start that engine, or unset DOCKER_HOST so setup starts a local dockerd.`);
    const missing = await missingPackages(["docker.io"]);
    const hasDockerd = await succeeds("sh", ["-c", "command -v dockerd"]);
    if (!hasDockerd && missing.length > 0) await installPackages(missing, log, context.env);
    const daemonLog = path.join(context.logDir, "dockerd.log");
    const out = fs.openSync(daemonLog, "a");
    // Detached, so the engine outlives setup and serves the tests and the stack afterwards.
    const dockerd = spawn("dockerd", [], { detached: true, stdio: ["ignore", out, out], env: context.env });
    let exited: string | undefined;
    dockerd.on("exit", (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`));
    dockerd.unref();
    fs.closeSync(out);
    const deadline = Date.now() + engineReadyTimeoutMs;
    while (Date.now() < deadline) {
      if (await engineAnswers()) return `dockerd started (log: ${daemonLog})`;
      // A dockerd that exited will not answer (unless another one, slow to answer, held its pid file): say so now
      // rather than after the whole wait.
      if (exited !== undefined && !(await engineAnswers())) throw new Error(`dockerd exited (${exited}) before it answered \`docker info\`; see ${daemonLog}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`dockerd did not answer \`docker info\` within ${engineReadyTimeoutMs / 1000}s; see ${daemonLog}`);
  },
};
