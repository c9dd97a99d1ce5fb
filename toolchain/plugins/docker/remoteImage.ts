// docker:index/remoteImage:RemoteImage against the Docker engine: a local image is used as it is; an absent one is
// pulled, which fails fast on these machines (no registry is reachable), with a message that says what to do.
import type Docker from "dockerode";
import { dockerMessage, findImage, inspectImage } from "./docker";
import { remoteImageId, remoteImageOutputs } from "./model/remoteImage";
import { ResourceLifecycle, updatedState } from "./resource";
import { remoteImageSpec } from "./schema/props";

export const remoteImage: ResourceLifecycle = {
  spec: remoteImageSpec,

  async create(docker, inputs) {
    const image = await requireImage(docker, String(inputs.name));
    return { id: remoteImageId(image.Id, String(inputs.name)), outs: remoteImageOutputs(inputs, image) };
  },

  async read(docker, _id, state) {
    const image = await inspectImage(docker, String(state.name ?? ""));
    if (!image) return { id: "", props: {} };
    return { id: remoteImageId(image.Id, String(state.name)), props: remoteImageOutputs(state, image) };
  },

  async update(docker, _id, state, news) {
    const image = await requireImage(docker, String(news.name));
    return remoteImageOutputs(updatedState(remoteImageSpec, state, news), image);
  },

  async delete(docker, _id, state) {
    const name = String(state.name ?? "");
    if (state.keepLocally === true || !(await inspectImage(docker, name))) return;
    try {
      await docker.getImage(name).remove({ force: state.forceRemove === true });
    } catch (error) {
      throw new Error(`Unable to remove Docker image: ${dockerMessage(error)}`);
    }
  },
};

async function requireImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo> {
  try {
    return await findImage(docker, name);
  } catch (error) {
    throw new Error(
      `Unable to read Docker image into resource: ${dockerMessage(error)}. No registry is reachable from this machine: ` +
        `build or load ${name} locally first (npm run setup builds the project's images), or correct the image name.`,
    );
  }
}
