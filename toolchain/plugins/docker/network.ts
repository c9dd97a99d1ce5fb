// docker:index/network:Network against the Docker engine. Every input replaces, so update only carries state.
import { dockerMessage, isNotFound, messageContains, retryWhile } from "./docker";
import { NetworkInputs, networkCreateOptions, networkOutputs } from "./model/network";
import { ResourceLifecycle, updatedState } from "./resource";
import { networkSpec } from "./schema/props";

/** The real provider retries a delete for 30 s while containers are still attached. */
const removeTimeoutMs = 30_000;
const removeRetryMs = 2_000;

export const network: ResourceLifecycle = {
  spec: networkSpec,

  async create(docker, inputs) {
    let id: string;
    try {
      id = (await docker.createNetwork(networkCreateOptions(inputs as unknown as NetworkInputs))).id;
    } catch (error) {
      throw new Error(`Unable to create network: ${dockerMessage(error)}`);
    }
    return { id, outs: networkOutputs(inputs, await docker.getNetwork(id).inspect()) };
  },

  async read(docker, id, state) {
    try {
      return { id, props: networkOutputs(state, await docker.getNetwork(id).inspect()) };
    } catch (error) {
      if (isNotFound(error)) return { id: "", props: {} };
      throw error;
    }
  },

  async update(_docker, _id, state, news) {
    return updatedState(networkSpec, state, news);
  },

  async delete(docker, id, state) {
    await retryWhile(
      (error) => messageContains(error, "has active endpoints"),
      () =>
        docker
          .getNetwork(id)
          .remove()
          .catch((error) => {
            if (!isNotFound(error)) throw error;
          }),
      {
        everyMs: removeRetryMs,
        timeoutMs: removeTimeoutMs,
        onTimeout: () =>
          new Error(`Network ${state.name ?? id} still has containers attached after ${removeTimeoutMs / 1000} s; remove or disconnect them, then run the delete again.`),
      },
    );
  },
};
