// `diff`: which inputs differ from the state and whether that replaces the resource, with the Terraform SDK's rules
// the bridge applies: an omitted Optional+Computed input keeps the state's value, an unset value equals its zero
// value, sets compare without order, and a value not known yet (preview) counts as a change.
import { Inputs, isAbsent, isPlainObject, unknownValue } from "./check";
import { PropSpec, ResourceSpec } from "./props";

export interface DiffOutcome {
  readonly changes: boolean;
  /** The changed inputs that force replacement. */
  readonly replaces: string[];
  /** Every changed input, replacing or not. */
  readonly changed: string[];
  readonly deleteBeforeReplace: boolean;
}

export function diffInputs(spec: ResourceSpec, state: Inputs, news: Inputs): DiffOutcome {
  const changed = Object.entries(spec.props)
    .filter(([key, prop]) => !sameValue(prop, news[key], state[key]))
    .map(([key]) => key);
  const replaces = changed.filter((key) => !spec.props[key].updatable);
  return { changes: changed.length > 0, replaces, changed, deleteBeforeReplace: spec.deleteBeforeReplace && replaces.length > 0 };
}

/** Whether the new input `next` leaves the state's value `previous` as it is. */
export function sameValue(prop: PropSpec, next: unknown, previous: unknown): boolean {
  if (containsUnknown(next)) return false;
  if (isAbsent(next) || (prop.computed && isZero(next))) return prop.computed === true || isZero(previous);
  if (isAbsent(previous)) return isZero(next);
  const fields = prop.fields ?? {};
  switch (prop.type) {
    case "object":
      return isPlainObject(next) && isPlainObject(previous) && sameFields(fields, next, previous);
    case "objectList":
      return sameList(prop, next, previous, (a, b) => isPlainObject(a) && isPlainObject(b) && sameFields(fields, a, b));
    case "stringList":
      return sameList(prop, next, previous, (a, b) => a === b);
    case "stringMap":
      return sameMap(next, previous);
    default:
      return next === previous;
  }
}

function sameFields(fields: Readonly<Record<string, PropSpec>>, next: Inputs, previous: Inputs): boolean {
  return Object.entries(fields).every(([key, field]) => sameValue(field, next[key], previous[key]));
}

function sameList(prop: PropSpec, next: unknown, previous: unknown, same: (a: unknown, b: unknown) => boolean): boolean {
  if (!Array.isArray(next) || !Array.isArray(previous) || next.length !== previous.length) return false;
  if (!prop.set) return next.every((item, index) => same(item, previous[index]));
  const unmatched = [...previous];
  return next.every((item) => {
    const index = unmatched.findIndex((candidate) => same(item, candidate));
    if (index >= 0) unmatched.splice(index, 1);
    return index >= 0;
  });
}

function sameMap(next: unknown, previous: unknown): boolean {
  if (!isPlainObject(next) || !isPlainObject(previous)) return false;
  const keys = new Set([...Object.keys(next), ...Object.keys(previous)]);
  return [...keys].every((key) => next[key] === previous[key]);
}

/** Terraform stores an unset attribute as its zero value. */
function isZero(value: unknown): boolean {
  if (isAbsent(value) || value === "" || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isPlainObject(value) && Object.values(value).some(containsUnknown);
}
