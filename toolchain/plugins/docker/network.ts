// docker:index/network:Network against the Docker engine. Every input replaces, so update only carries state.
import { dockerMessage, removeRetryingWhileBusy } from "./docker";
import { NetworkInputs, networkCreateOptions, networkOutputs } from "./model/network";
import { readOrGone, ResourceLifecycle, updatedState } from "./resource";
import { networkSpec } from "./schema/props";

export const network: ResourceLifecycle = {
  spec: networkSpec,

  async create(docker, inputs) {
    const created = await docker.createNetwork(networkCreateOptions(inputs as unknown as NetworkInputs)).catch((error) => {
      throw new Error(`Unable to create network: ${dockerMessage(error)}`);
    });
    return { id: created.id, outs: networkOutputs(inputs, await created.inspect()) };
  },

  async read(docker, id, state) {
    return readOrGone(
      () => docker.getNetwork(id).inspect(),
      (info) => ({ id, props: networkOutputs(state, info) }),
    );
  },

  async update(_docker, _id, state, news) {
    return updatedState(networkSpec, state, news);
  },

  async delete(docker, id, state) {
    await removeRetryingWhileBusy(
      () => docker.getNetwork(id).remove(),
      "has active endpoints",
      (seconds) => new Error(`Network ${state.name ?? id} still has containers attached after ${seconds} s; remove or disconnect them, then run the delete again.`),
    );
  },
};
