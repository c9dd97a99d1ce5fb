// Cleanup for the stand-in's tests: whatever a test made carries its cdc-kafka.test label, so containers (with their
// anonymous volumes), then networks, then volumes with that label are removed, whether or not the stack got to it.
import type Docker from "dockerode";

/** Removes every container, network and volume labelled `label` (`key=value`). */
export async function removeLabelled(docker: Docker, label: string): Promise<void> {
  const filters = { label: [label] };
  for (const { Id } of await docker.listContainers({ all: true, filters })) await docker.getContainer(Id).remove({ force: true, v: true });
  for (const { Id } of await docker.listNetworks({ filters })) await docker.getNetwork(Id).remove();
  for (const { Name } of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(Name).remove({ force: true });
}
