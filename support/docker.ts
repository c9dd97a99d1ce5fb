// Docker actions the tests take on deployed containers (fault injection, counting leftovers), through the Engine API.
import Docker from "dockerode";

export const docker = new Docker();

/** Containers, networks and volumes that carry the given label (`key=value`), running or not. */
export async function countByLabel(label: string): Promise<{ containers: number; networks: number; volumes: number }> {
  const filters = { label: [label] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return { containers: containers.length, networks: networks.length, volumes: (volumes.Volumes ?? []).length };
}

export async function containerState(name: string): Promise<{ status: string; health?: string; startedAt: string; id: string }> {
  const info = await docker.getContainer(name).inspect();
  return { status: info.State.Status, health: info.State.Health?.Status, startedAt: info.State.StartedAt, id: info.Id };
}

export async function isHealthy(name: string): Promise<boolean> {
  return (await containerState(name)).health === "healthy";
}

export async function restartContainer(name: string): Promise<void> {
  await docker.getContainer(name).restart({ t: 10 });
}

/**
 * A signal (by default SIGKILL: an unclean stop, as a crash or an OOM kill would leave it), then start again once the
 * container has exited. The restart policy may win the race to start it; Docker then answers 304 (already started),
 * which is the same outcome.
 */
export async function killAndStart(name: string, signal = "SIGKILL"): Promise<void> {
  const container = docker.getContainer(name);
  await container.kill({ signal });
  await container.wait();
  try {
    await container.start();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}

export async function removeContainer(name: string): Promise<void> {
  // v: its anonymous volumes go with it (the named data volume stays), as the stack's own deletes do.
  await docker.getContainer(name).remove({ force: true, v: true });
}

/** A container event as the Docker daemon stamped it (its clock is the host's, so it compares with Date.now()). */
export interface ContainerEvent {
  container: string;
  action: "die" | "start";
  /** Milliseconds since the epoch, from the event's timeNano. */
  at: number;
}

export interface ContainerEventLog {
  events: ContainerEvent[];
  close(): void;
}

/**
 * Records the die and start events of the named containers (by name, so a replacement with the same name is followed
 * too) from now until close(): when a fault took effect is what Docker saw, not what the test's clock said around
 * the call that caused it.
 */
export async function recordContainerEvents(names: string[]): Promise<ContainerEventLog> {
  const abort = new AbortController();
  const stream = (await docker.getEvents({
    filters: { type: ["container"], event: ["die", "start"], container: names },
    abortSignal: abort.signal,
  })) as NodeJS.ReadableStream;
  const events: ContainerEvent[] = [];
  let pending = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.trim() !== "")) {
      const event = JSON.parse(line) as { Action: string; Actor: { Attributes: { name: string } }; timeNano: number };
      events.push({ container: event.Actor.Attributes.name, action: event.Action as ContainerEvent["action"], at: Math.floor(event.timeNano / 1e6) });
    }
  });
  // Aborting ends the request with an error; nothing is lost by ignoring it.
  stream.on("error", () => undefined);
  return { events, close: () => abort.abort() };
}

/**
 * Names of the volumes no container uses that Docker named itself (64 hex digits): what a container removed without
 * its anonymous volumes leaves behind. Shared by the whole machine, so a run compares the set before and after.
 */
export async function danglingAnonymousVolumes(): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: { dangling: ["true"] } });
  return (Volumes ?? []).map((volume) => volume.Name).filter((name) => /^[0-9a-f]{64}$/.test(name)).sort();
}
