// Docker's image reference grammar (distribution/reference), so a misspelt image is refused before anything is
// created instead of failing a pull halfway through an update.

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const domain = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const tag = /^[\w][\w.-]{0,127}$/;
const digest = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Docker's reference grammar (distribution/reference): `[registry[:port]/]path[:tag][@digest]`. */
export function isImageReference(reference: string): boolean {
  const [nameAndTag, digestPart, ...extra] = reference.split("@");
  if (extra.length > 0 || (digestPart !== undefined && !digest.test(digestPart))) return false;
  const lastSlash = nameAndTag.lastIndexOf("/");
  const tagColon = nameAndTag.lastIndexOf(":");
  const hasTag = tagColon > lastSlash;
  const name = hasTag ? nameAndTag.slice(0, tagColon) : nameAndTag;
  if (hasTag && !tag.test(nameAndTag.slice(tagColon + 1))) return false;
  const parts = name.split("/");
  // The first part is a registry only if it looks like a host; otherwise it is a (lowercase) path component.
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost");
  if (hasRegistry && !domain.test(parts[0])) return false;
  const path = hasRegistry ? parts.slice(1) : parts;
  return name.length <= 255 && path.every((part) => pathComponent.test(part));
}

/** Docker Hub's names for itself: a reference on Docker Hub may spell its registry any of these ways, or omit it. */
const DOCKER_HUB = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/**
 * The repository a reference names, without tag or digest, and on Docker Hub without its registry or `library/`:
 * `docker.io/confluentinc/cp-kafka:7.6.1` and `confluentinc/cp-kafka@sha256:…` are both `confluentinc/cp-kafka`.
 */
export function imageRepository(reference: string): string {
  const [nameAndTag] = reference.split("@");
  const tagColon = nameAndTag.lastIndexOf(":");
  const name = tagColon > nameAndTag.lastIndexOf("/") ? nameAndTag.slice(0, tagColon) : nameAndTag;
  const parts = name.split("/");
  const path = parts.length > 1 && DOCKER_HUB.includes(parts[0]) ? parts.slice(1) : parts;
  return (path[0] === "library" && path.length > 1 ? path.slice(1) : path).join("/");
}
