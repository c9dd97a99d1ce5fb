// The shared half of the dynamic providers whose resources exist only in Pulumi's state (TLS keys and certificates,
// generated passwords): defaults filled in and inputs judged by check, any input change a replacement, read returning
// the state as stored, delete with nothing to delete. The SDK serialises each provider with what its functions
// close over, so the provider made here refers only to its parameters and this file's plain function declarations (never to
// `pulumi`, which only the construction-time helpers at the end use).
import * as pulumi from "@pulumi/pulumi";

/** What a state-only resource does itself; everything else is the same for each. */
export interface StateOnlyResource<I, O> {
  /** The inputs a change of which replaces the resource. */
  inputKeys: Array<keyof I & string>;
  /** The inputs with their defaults filled in. */
  withDefaults(news: I): I;
  /** One sentence per problem of the inputs; values unknown until apply are left out before it is called. */
  problems(known: Partial<Record<keyof I, unknown>>): string[];
  /** Makes the resource's outputs (keys, certificates, the password) from its inputs. */
  create(inputs: I): Promise<O>;
}

/** The engine's stand-in for a value unknown until apply (a preview, or an input from a resource being replaced). */
function isUnknown(value: unknown): boolean {
  return value === "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
}

/** The inputs without unknown values (lists keep their known elements), for the rules to judge. */
function knownInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (isUnknown(value)) continue;
    known[key] = Array.isArray(value) ? value.filter((item) => !isUnknown(item)) : value;
  }
  return known;
}

/** A provider for a resource that lives only in state; every input change replaces it. */
export function stateOnlyProvider<I, O extends I>(resource: StateOnlyResource<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    async check(_olds, news) {
      const inputs = resource.withDefaults(news);
      const problems = resource.problems(knownInputs(inputs as Record<string, unknown>) as Partial<Record<keyof I, unknown>>);
      return { inputs, failures: problems.map((reason) => ({ property: "", reason })) };
    },
    async diff(_id, olds, news) {
      const changed = (key: keyof I & string) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null);
      const replaces = resource.inputKeys.filter(changed);
      return { changes: replaces.length > 0, replaces };
    },
    async create(inputs) {
      const crypto: typeof import("crypto") = require("crypto");
      return { id: crypto.randomUUID(), outs: await resource.create(inputs) };
    },
    async read(id, props) {
      return { id, props };
    },
    async delete() {
      // Nothing outside Pulumi's state: the outputs go with the resource.
    },
  };
}

/** An Input's value when it is known at construction (not an Output or a promise), else undefined. */
export function knownValue<T>(value: pulumi.Input<T> | undefined): T | undefined {
  return pulumi.Output.isInstance(value) || value instanceof Promise ? undefined : (value as T | undefined);
}

/** The elements of an Input list known at construction, for validation before anything registers. */
export function knownList(list: pulumi.Input<pulumi.Input<string>[]> | undefined): string[] | undefined {
  const known = knownValue(list);
  return known === undefined ? undefined : known.map((item) => knownValue(item)).filter((item): item is string => item !== undefined);
}
