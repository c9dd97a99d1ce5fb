// docker:index/volume:Volume against the Docker engine; its id is its name. Every input replaces.
import { dockerMessage, removeRetryingWhileBusy } from "./docker";
import { VolumeInputs, volumeCreateOptions, volumeOutputs } from "./model/volume";
import { readOrGone, ResourceLifecycle, updatedState } from "./resource";
import { volumeSpec } from "./schema/props";

export const volume: ResourceLifecycle = {
  spec: volumeSpec,

  async create(docker, inputs) {
    const created = await docker.createVolume(volumeCreateOptions(inputs as unknown as VolumeInputs)).catch((error) => {
      throw new Error(`Unable to create volume: ${dockerMessage(error)}`);
    });
    return { id: created.name, outs: volumeOutputs(inputs, await created.inspect()) };
  },

  async read(docker, id, state) {
    return readOrGone(
      () => docker.getVolume(id).inspect(),
      (info) => ({ id, props: volumeOutputs(state, info) }),
    );
  },

  async update(_docker, _id, state, news) {
    return updatedState(volumeSpec, state, news);
  },

  async delete(docker, id) {
    // force, as the real provider; Docker 20.10 still answers 404 for a volume already gone, which counts as removed.
    await removeRetryingWhileBusy(
      () => docker.getVolume(id).remove({ force: true }),
      "volume is in use",
      (seconds) => new Error(`Volume ${id} is still in use after ${seconds} s; remove the containers that use it, then run the delete again.`),
    );
  },
};
