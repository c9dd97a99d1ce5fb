// RemoteImage state from a local image, without I/O.
import type Docker from "dockerode";
import { Inputs } from "../schema/check";

/** The real provider's id for an image resource: the image id followed by the name. */
export function remoteImageId(imageId: string, name: string): string {
  return `${imageId}${name}`;
}

export function remoteImageOutputs(state: Inputs, image: Docker.ImageInspectInfo): Inputs {
  return { ...state, imageId: image.Id, repoDigest: repoDigest(String(state.name ?? ""), image.RepoDigests ?? []) };
}

/**
 * The digest reference of the image's repository, as kreuzwerker's determineRepoDigest picks it (name up to its first
 * ":" as a prefix, else the first digest); "" for an image that never came from a registry.
 */
export function repoDigest(name: string, repoDigests: string[]): string {
  if (repoDigests.length <= 1) return repoDigests[0] ?? "";
  const colon = name.indexOf(":");
  const withoutTag = colon === -1 ? name : name.slice(0, colon);
  return repoDigests.find((digest) => digest.startsWith(withoutTag)) ?? repoDigests[0];
}
