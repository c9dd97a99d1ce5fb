// docker:index/container:Container against the Docker engine: create (image, networks, uploads, start, wait for
// healthy), read (gone → id "", stopped → exitCode and mustRun false), update in place, delete (stop, force-remove).
import type Docker from "dockerode";
import * as fs from "fs";
import * as tar from "tar-stream";
import { dockerMessage, findImage, isNotFound, messageContains } from "./docker";
import {
  ContainerInputs,
  containerCreateOptions,
  containerOutputs,
  createdContainerProblem,
  describeContainer,
  endpointSettings,
  NetworkAttachmentInput,
  uploadFile,
  UploadInput,
} from "./model/container";
import { containerLogTail, engineHealthSource, waitForHealthy } from "./healthWait";
import { readOrGone, ResourceLifecycle, updatedState } from "./resource";
import { diffInputs } from "./schema/diff";
import { containerSpec } from "./schema/props";

/** The inputs whose change the real provider sends to POST /containers/{id}/update (the others are state only). */
const liveUpdatable = ["restart", "maxRetryCount", "memory"];
const logLinesInErrors = 20;

export const container: ResourceLifecycle = {
  spec: containerSpec,

  async create(docker, raw) {
    const inputs = raw as unknown as ContainerInputs;
    try {
      await findImage(docker, inputs.image);
    } catch (error) {
      throw new Error(`Unable to create container with image ${inputs.image}: ${dockerMessage(error)}`);
    }
    const options = containerCreateOptions(inputs);
    let created: Docker.Container;
    try {
      created = await docker.createContainer(options);
    } catch (error) {
      throw new Error(`Unable to create container: ${dockerMessage(error)}`);
    }
    try {
      await attachNetworks(docker, created.id, inputs.networksAdvanced ?? []);
      await uploadFiles(created, inputs.uploads ?? []);
      // The real provider's creation time: a container that finished after it exited immediately.
      const startedAt = Date.now();
      if (inputs.start !== false) {
        await created.start().catch((error) => {
          throw new Error(`Unable to start container: ${dockerMessage(error)}`);
        });
        if (inputs.wait) await waitForHealthy(engineHealthSource(docker, created, logLinesInErrors), inputs.waitTimeout ?? 60);
      }
      const info = await created.inspect();
      const problem = createdContainerProblem(info, inputs, startedAt);
      if (problem) throw new Error(`${problem} (${describeContainer(info, await containerLogTail(created, logLinesInErrors))}).`);
      return { id: created.id, outs: containerOutputs(raw, info) };
    } catch (error) {
      throw new Error(`${dockerMessage(error)} ${await removeAfterFailure(created, inputs)}`);
    }
  },

  async read(docker, id, state) {
    return readOrGone(
      () => docker.getContainer(id).inspect(),
      (info) => ({ id: info.Id, props: containerOutputs(state, info) }),
    );
  },

  async update(docker, id, state, news) {
    const target = docker.getContainer(id);
    if (state.mustRun === false && news.mustRun !== false && news.start !== false) {
      await target.start().catch((error) => {
        if ((error as { statusCode?: number }).statusCode !== 304) throw new Error(`Unable to start container: ${dockerMessage(error)}`);
      });
    }
    if (diffInputs(containerSpec, state, news).changed.some((key) => liveUpdatable.includes(key))) {
      const memory = Number(news.memory ?? 0) * 1024 * 1024;
      await target
        .update({ RestartPolicy: { Name: news.restart ?? "no", MaximumRetryCount: news.maxRetryCount ?? 0 }, Memory: memory })
        .catch((error) => {
          throw new Error(`Unable to update a container: ${dockerMessage(error)}`);
        });
    }
    return updatedState(containerSpec, state, news);
  },

  async delete(docker, id, state) {
    const target = docker.getContainer(id);
    try {
      await target.stop({ t: Number(state.destroyGraceSeconds ?? 0) });
    } catch (error) {
      // 304: already stopped.
      if (!isNotFound(error) && (error as { statusCode?: number }).statusCode !== 304) {
        throw new Error(`Error stopping container ${id}: ${dockerMessage(error)}`);
      }
    }
    try {
      await target.remove({ force: true, v: state.removeVolumes !== false });
    } catch (error) {
      if (!isNotFound(error) && !messageContains(error, "No such container", "is already in progress")) {
        throw new Error(`Error deleting container ${id}: ${dockerMessage(error)}`);
      }
    }
  },
};

/** Leaves the default bridge and joins each network, as the real provider does between create and start. */
async function attachNetworks(docker: Docker, id: string, networks: NetworkAttachmentInput[]): Promise<void> {
  if (networks.length === 0) return;
  await docker
    .getNetwork("bridge")
    .disconnect({ Container: id, Force: false })
    .catch((error) => {
      if (!messageContains(error, "is not connected to the network bridge")) {
        throw new Error(`Unable to disconnect the default network: ${dockerMessage(error)}`);
      }
    });
  for (const network of networks) {
    await docker
      .getNetwork(network.name)
      .connect({ Container: id, EndpointConfig: endpointSettings(network) })
      .catch((error) => {
        throw new Error(`Unable to connect to network '${network.name}': ${dockerMessage(error)}`);
      });
  }
}

/**
 * Copies each upload into the created container before it starts, one archive per file extracted at "/" (PUT
 * /containers/{id}/archive), as the real provider does; Docker creates missing parent directories.
 */
async function uploadFiles(target: Docker.Container, uploads: UploadInput[]): Promise<void> {
  for (const upload of uploads) {
    const file = uploadFile(upload, (source) => {
      try {
        return fs.readFileSync(source);
      } catch (error) {
        throw new Error(`could not read file: ${(error as Error).message}`);
      }
    });
    const pack = tar.pack();
    pack.entry({ name: file.path, mode: file.mode, size: file.content.length, mtime: new Date() }, file.content);
    pack.finalize();
    await target.putArchive(pack, { path: "/" }).catch((error) => {
      throw new Error(`Unable to upload volume content: ${dockerMessage(error)}`);
    });
  }
}

/**
 * The real provider keeps a container whose start or wait failed and records it as a failed create; the stand-in
 * removes it, so a failed `up` leaves nothing behind, and says so.
 */
async function removeAfterFailure(created: Docker.Container, inputs: ContainerInputs): Promise<string> {
  try {
    await created.remove({ force: true, v: inputs.removeVolumes !== false });
    return `The docker provider stand-in removed the container ${inputs.name} (${created.id.slice(0, 12)}) it had created, so nothing is left behind.`;
  } catch (error) {
    return `The docker provider stand-in could not remove the container ${inputs.name} (${created.id.slice(0, 12)}) it had created (${dockerMessage(error)}); remove it with docker rm -f.`;
  }
}
