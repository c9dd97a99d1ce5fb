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
