// docker:index/volume:Volume against the Docker engine; its id is its name. Every input replaces.
import { dockerMessage, isNotFound, messageContains, retryWhile } from "./docker";
import { VolumeInputs, volumeCreateOptions, volumeOutputs } from "./model/volume";
import { ResourceLifecycle, updatedState } from "./resource";
import { volumeSpec } from "./schema/props";

/** The real provider retries a delete for 30 s while a container still uses the volume. */
const removeTimeoutMs = 30_000;
const removeRetryMs = 2_000;

export const volume: ResourceLifecycle = {
  spec: volumeSpec,

  async create(docker, inputs) {
    let name: string;
    try {
      name = (await docker.createVolume(volumeCreateOptions(inputs as unknown as VolumeInputs))).name;
    } catch (error) {
      throw new Error(`Unable to create volume: ${dockerMessage(error)}`);
    }
    return { id: name, outs: volumeOutputs(inputs, await docker.getVolume(name).inspect()) };
  },

  async read(docker, id, state) {
    try {
      return { id, props: volumeOutputs(state, await docker.getVolume(id).inspect()) };
    } catch (error) {
      if (isNotFound(error)) return { id: "", props: {} };
      throw new Error(`Unable to inspect volume: ${dockerMessage(error)}`);
    }
  },

  async update(_docker, _id, state, news) {
    return updatedState(volumeSpec, state, news);
  },

  async delete(docker, id) {
    // force: a volume that is already gone is not an error.
    await retryWhile(
      (error) => messageContains(error, "volume is in use"),
      () => docker.getVolume(id).remove({ force: true }),
      {
        everyMs: removeRetryMs,
        timeoutMs: removeTimeoutMs,
        onTimeout: () => new Error(`Volume ${id} is still in use after ${removeTimeoutMs / 1000} s; remove the containers that use it, then run the delete again.`),
      },
    );
  },
};
