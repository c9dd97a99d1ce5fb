// The docker CLI as the ops scripts use it: inspect, find by label, stop, start, read logs of and run a command inside the
// stack's containers, each with a deadline.
import { execFile } from "child_process";
import { OpsError } from "./errors";

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `docker <args>`, writing `input` to its stdin when given; a non-zero exit is a result, not an error. Docker not
 * installed or not running is an OpsError.
 */
export function docker(args: string[], timeoutMs: number, input?: string): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile("docker", args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      if (failure?.code === "ENOENT") {
        reject(new OpsError("The docker command is not on PATH; run `npm run setup`, which installs and starts the Docker engine."));
        return;
      }
      if (/Cannot connect to the Docker daemon|Is the docker daemon running/.test(stderr)) {
        reject(new OpsError("The Docker engine is not running; start it (`npm run setup` starts dockerd) and try again."));
        return;
      }
      if (failure?.killed) {
        resolve({ code: 124, stdout, stderr: `docker ${args[0]} did not finish within ${timeoutMs / 1000} s` });
        return;
      }
      resolve({ code: failure ? (typeof failure.code === "number" ? failure.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? "");
  });
}

export interface ContainerInfo {
  name: string;
  status: string;
  health?: string;
  image: string;
  env: string[];
  /** When the container last started (Docker's State.StartedAt, RFC 3339). */
  startedAt?: string;
  labels: Record<string, string>;
}

interface InspectJson {
  Name: string;
  State: { Status: string; Health?: { Status: string }; StartedAt?: string };
  Config: { Image: string; Env?: string[]; Labels?: Record<string, string> | null };
}

/** The named containers that exist, by name; a missing one is simply absent from the map. */
export async function inspectContainers(names: string[], timeoutMs: number): Promise<Map<string, ContainerInfo>> {
  const found = new Map<string, ContainerInfo>();
  if (names.length === 0) return found;
  // Exit code 1 with "No such container" on stderr when some are missing; the others are still on stdout.
  const result = await docker(["inspect", "--type", "container", ...names], timeoutMs);
  const parsed = result.stdout.trim().startsWith("[") ? (JSON.parse(result.stdout) as InspectJson[]) : [];
  if (parsed.length === 0 && result.code !== 0 && !/No such container|No such object/i.test(result.stderr)) {
    throw new OpsError(`docker inspect of the broker containers failed: ${result.stderr.trim()}.`);
  }
  for (const container of parsed) {
    const name = container.Name.replace(/^\//, "");
    found.set(name, {
      name,
      status: container.State.Status,
      health: container.State.Health?.Status,
      image: container.Config.Image,
      env: container.Config.Env ?? [],
      startedAt: container.State.StartedAt,
      labels: container.Config.Labels ?? {},
    });
  }
  return found;
}

/**
 * stdout of `command` run inside `container`, given `input` on its stdin (how a secret reaches a tool without a file or
 * an argument `ps` would show); a failure throws with the command's own last stderr line.
 */
export async function execIn(container: string, command: string[], timeoutMs: number, input?: string): Promise<string> {
  const result = await docker(["exec", ...(input === undefined ? [] : ["--interactive"]), container, ...command], timeoutMs, input);
  if (result.code !== 0) {
    const lastLine = result.stderr.trim().split("\n").pop() || `exit code ${result.code}`;
    throw new Error(`${command[0] === "timeout" ? command[2] : command[0]} in ${container} failed: ${lastLine}`);
  }
  return result.stdout;
}

/** Names of the containers (running or not) carrying `label=value`, sorted. */
export async function containersWithLabel(label: string, value: string, timeoutMs: number): Promise<string[]> {
  const result = await docker(["ps", "--all", "--filter", `label=${label}=${value}`, "--format", "{{.Names}}"], timeoutMs);
  if (result.code !== 0) throw new OpsError(`docker ps failed: ${result.stderr.trim()}.`);
  return result.stdout.split("\n").map((line) => line.trim()).filter(Boolean).sort();
}

/** `docker <action> <names…>` (stop, start); a failure throws with Docker's own message. */
export async function changeContainers(action: "stop" | "start", names: string[], timeoutMs: number, extra: string[] = []): Promise<void> {
  if (names.length === 0) return;
  const result = await docker([action, ...extra, ...names], timeoutMs);
  if (result.code !== 0) throw new OpsError(`docker ${action} ${names.join(" ")} failed: ${result.stderr.trim().split("\n").pop()}.`);
}

/** What the container wrote to stdout and stderr since `since` (an RFC 3339 time), both streams joined. */
export async function containerLogsSince(name: string, since: string, timeoutMs: number): Promise<string> {
  const result = await docker(["logs", "--since", since, name], timeoutMs);
  if (result.code !== 0) throw new Error(`docker logs ${name} failed: ${result.stderr.trim().split("\n").pop()}`);
  return `${result.stdout}\n${result.stderr}`;
}
