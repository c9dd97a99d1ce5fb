// The Docker Engine API client (dockerode, never the docker CLI) and the error handling every resource shares.
import Docker from "dockerode";

/** The provider configuration the stand-in honours (`docker:host`); the real provider's default host. */
export interface ProviderConfig {
  readonly host?: string;
}

export const defaultDockerHost = "unix:///var/run/docker.sock";

/** dockerode options for a Docker host URL: `unix:///path` or `tcp://host:port`, else DOCKER_HOST, else the socket. */
export function dockerOptions(host: string | undefined, env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  const address = host || env.DOCKER_HOST || defaultDockerHost;
  if (address.startsWith("unix://")) return { socketPath: address.slice("unix://".length) };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(address);
  if (tcp) return { host: tcp[1], port: Number(tcp[2] ?? 2375), protocol: "http" };
  throw new Error(`Docker host "${address}" is not supported by the offline docker provider stand-in; use unix:///path/to/docker.sock or tcp://host:port.`);
}

export function connectDocker(config: ProviderConfig): Docker {
  return new Docker(dockerOptions(config.host));
}

/** The daemon's own message (dockerode prefixes "(HTTP code 404) …" to it). */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } })?.json;
  if (json && typeof json.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
}

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/** Whether the daemon's message contains one of `fragments` (the real provider's containsIgnorableErrorMessage). */
export function messageContains(error: unknown, ...fragments: string[]): boolean {
  const message = dockerMessage(error);
  return fragments.some((fragment) => message.includes(fragment));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, retrying every `everyMs` while `retryable(error)` holds, for at most `timeoutMs`;
 * then throws `onTimeout()`.
 */
export async function retryWhile<T>(
  retryable: (error: unknown) => boolean,
  attempt: () => Promise<T>,
  options: { everyMs: number; timeoutMs: number; onTimeout: () => Error },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!retryable(error)) throw error;
      if (Date.now() + options.everyMs > deadline) throw options.onTimeout();
      await sleep(options.everyMs);
    }
  }
}

/** The real provider retries deleting a network or volume for 30 s while Docker says it is still in use. */
const busyTimeoutMs = 30_000;
const busyRetryMs = 2_000;

/**
 * Runs `remove`, taking an object already gone as removed and retrying while Docker's message contains `busy`;
 * after 30 s throws `stillBusy(30)`.
 */
export async function removeRetryingWhileBusy(remove: () => Promise<unknown>, busy: string, stillBusy: (seconds: number) => Error): Promise<void> {
  await retryWhile(
    (error) => messageContains(error, busy),
    () =>
      remove().catch((error) => {
        if (!isNotFound(error)) throw error;
      }),
    { everyMs: busyRetryMs, timeoutMs: busyTimeoutMs, onTimeout: () => stillBusy(busyTimeoutMs / 1000) },
  );
}

/**
 * The local image `name`, pulled first when absent (the real provider's findImage). No registry can be reached on
 * these machines, so the pull fails fast there and the message says so.
 */
export async function findImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo> {
  if (!name) throw new Error("empty image name is not allowed");
  const local = await inspectImage(docker, name);
  if (local) return local;
  try {
    await pullImage(docker, name);
  } catch (error) {
    throw new Error(`unable to pull image ${name}: error pulling image ${name}: ${dockerMessage(error)}`);
  }
  const pulled = await inspectImage(docker, name);
  if (!pulled) throw new Error(`unable to find or pull image ${name}`);
  return pulled;
}

export async function inspectImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new Error(`error looking up local image "${name}": ${dockerMessage(error)}`);
  }
}

async function pullImage(docker: Docker, name: string): Promise<void> {
  const stream = await docker.pull(name);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
}
