// `check`: refuse what the stand-in does not implement, validate types, fill defaults and the auto-generated name,
// as the bridge does with the Terraform schema. Pure: the random part of a name comes in as an argument.
import { createHash, randomBytes } from "crypto";
import { parseGoDuration } from "../goDuration";
import { PropSpec, ResourceSpec } from "./props";

/** The engine's placeholder for a value not known yet (preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Inputs = Record<string, unknown>;

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckOutcome {
  readonly inputs: Inputs;
  readonly failures: CheckFailure[];
}

/** What the engine tells a provider about naming (CheckRequest's random seed and autonaming options). */
export interface NamingContext {
  readonly randomSeed?: Uint8Array;
  /** The name the engine's autonaming configuration proposes, if the stack configures one. */
  readonly proposedName?: string;
  /** The stack's autonaming configuration turns generated names off. */
  readonly autonamingDisabled?: boolean;
}

export function checkInputs(spec: ResourceSpec, logicalName: string, olds: Inputs, news: Inputs, naming: NamingContext = {}): CheckOutcome {
  const failures = validateObject(spec.props, news, "", spec.token);
  const inputs = withDefaults(spec.props, news);
  if (spec.autoNamed && isAbsent(inputs.name)) {
    if (!isAbsent(olds.name)) inputs.name = olds.name;
    else if (naming.autonamingDisabled) {
      failures.push({ property: "name", reason: `${spec.token} "${logicalName}" needs a name because autonaming is disabled in this stack's configuration; set name.` });
    } else inputs.name = naming.proposedName ?? autoName(logicalName, naming.randomSeed);
  }
  return { inputs, failures };
}

/** `<logicalName>-<7 hex>`; derived from the engine's seed when it sends one, so a retried check names alike. */
export function autoName(logicalName: string, randomSeed?: Uint8Array): string {
  const random = randomSeed && randomSeed.length > 0 ? createHash("sha256").update(randomSeed).digest() : randomBytes(4);
  return `${logicalName}-${random.toString("hex").slice(0, 7)}`;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function validateObject(props: Readonly<Record<string, PropSpec>>, value: Inputs, path: string, token: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (isAbsent(child)) continue;
    const property = path ? `${path}.${key}` : key;
    const spec = props[key];
    if (!spec) {
      failures.push({ property, reason: `${property} is not implemented by the offline docker provider stand-in for ${token}; remove it, or implement it in toolchain/plugins/docker (schema/props.ts and model/).` });
    } else {
      failures.push(...validateValue(spec, child, property, token));
    }
  }
  for (const [key, spec] of Object.entries(props)) {
    if (spec.required && isAbsent(value[key])) {
      const property = path ? `${path}.${key}` : key;
      failures.push({ property, reason: `${property} is required by ${token}; set it.` });
    }
  }
  return failures;
}

function validateValue(spec: PropSpec, value: unknown, property: string, token: string): CheckFailure[] {
  if (value === unknownValue) return [];
  const problem = (expected: string): CheckFailure[] => [
    { property, reason: `${property} must be ${expected}, not ${JSON.stringify(value)}; change its value.` },
  ];
  switch (spec.type) {
    case "string":
      if (typeof value !== "string") return problem("a string");
      if (spec.oneOf && !spec.oneOf.includes(value)) return problem(`one of ${spec.oneOf.join(", ")}`);
      if (spec.duration && !isNonNegativeDuration(value)) return problem('a Go duration ≥ 0 such as "10s" or "1m30s"');
      if (spec.base64 && !standardBase64.test(value.replace(/[\r\n]/g, ""))) return problem("standard padded base64 (what Go's base64.StdEncoding decodes)");
      if (spec.pattern && !spec.pattern.regex.test(value)) return problem(spec.pattern.expected);
      return [];
    case "integer":
      return Number.isInteger(value) ? [] : problem("an integer");
    case "boolean":
      return typeof value === "boolean" ? [] : problem("true or false");
    case "stringList":
      if (!Array.isArray(value)) return problem("a list of strings");
      return value.every((item) => typeof item === "string") ? [] : problem("a list of strings");
    case "stringMap":
      if (!isPlainObject(value)) return problem("a map of strings");
      return Object.values(value).every((item) => typeof item === "string") ? [] : problem("a map of strings");
    case "object":
      return isPlainObject(value) ? validateElement(spec, value, property, token) : problem("an object");
    case "objectList":
      if (!Array.isArray(value)) return problem("a list of objects");
      return value.flatMap((item, index) =>
        item === unknownValue ? [] : isPlainObject(item) ? validateElement(spec, item, `${property}[${index}]`, token) : problem("a list of objects"),
      );
  }
}

/** An object (or a list's element) against its fields and its exactlyOneOf. */
function validateElement(spec: PropSpec, value: Inputs, property: string, token: string): CheckFailure[] {
  const failures = validateObject(spec.fields ?? {}, value, property, token);
  const choices = spec.exactlyOneOf;
  if (!choices || choices.some((key) => value[key] === unknownValue)) return failures;
  // As in the real provider, an empty string counts as not set.
  const given = choices.filter((key) => !isAbsent(value[key]) && value[key] !== "");
  if (given.length === 0) {
    failures.push({ property, reason: `${property} needs one of ${listOf(choices, "or")}; set exactly one of them.` });
  } else if (given.length > 1) {
    failures.push({ property, reason: `${property} sets ${listOf(given, "and")}, but only one of ${listOf(choices, "or")} can be set; keep one of them.` });
  }
  return failures;
}

/** "a, b or c" */
function listOf(items: readonly string[], conjunction: string): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}` : items.join("");
}

/** What Go's base64.StdEncoding.DecodeString accepts once line breaks are skipped: standard alphabet, padded. */
const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isNonNegativeDuration(text: string): boolean {
  try {
    return parseGoDuration(text) >= 0;
  } catch {
    return false;
  }
}

export function isPlainObject(value: unknown): value is Inputs {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `value` with every absent property that has a default set to it, nested objects included. */
function withDefaults(props: Readonly<Record<string, PropSpec>>, value: Inputs): Inputs {
  const result: Inputs = { ...value };
  for (const [key, spec] of Object.entries(props)) {
    if (isAbsent(result[key]) && spec.default !== undefined) result[key] = spec.default;
    const fields = spec.fields;
    if (!fields) continue;
    const child = result[key];
    if (spec.type === "object" && isPlainObject(child)) result[key] = withDefaults(fields, child);
    if (spec.type === "objectList" && Array.isArray(child)) {
      result[key] = child.map((item) => (isPlainObject(item) ? withDefaults(fields, item) : item));
    }
  }
  return result;
}
