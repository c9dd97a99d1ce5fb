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
 * SIGKILL, then start again: an unclean stop, as a crash or an OOM kill would leave it. The restart policy may win
 * the race to start it; Docker then answers 304 (already started), which is the same outcome.
 */
export async function killAndStart(name: string): Promise<void> {
  const container = docker.getContainer(name);
  await container.kill({ signal: "SIGKILL" });
  await container.wait();
  try {
    await container.start();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}

export async function removeContainer(name: string): Promise<void> {
  await docker.getContainer(name).remove({ force: true });
}
