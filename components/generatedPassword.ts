// A generated password as a Pulumi resource (the @pulumi/random plugin cannot be built here): letters and digits only,
// since it ends up inside JAAS strings and kafka-storage's --add-scram syntax, where quotes, "=" and "," would need
// escaping; drawn with crypto.randomInt, uniform over the alphabet. Kept in state as a secret; any input change makes
// a new one (stateOnlyProvider). A dynamic provider: the SDK serialises the provider object with every function it
// calls, so its run-time code requires crypto inside the function and each helper is a plain function declaration.
import * as pulumi from "@pulumi/pulumi";
import { knownValue, stateOnlyProvider } from "./stateOnlyProvider";
import { KafkaConfigError } from "./validation";

/** The arguments of {@link GeneratedPassword}. */
export interface GeneratedPasswordArgs {
  /** How many characters. @default 32 */
  length?: pulumi.Input<number>;
  /** Any change makes a new password (a replacement). */
  rotation?: pulumi.Input<string>;
}

/** What the provider receives: the arguments resolved, with the default length filled in by check. */
export interface GeneratedPasswordInputs {
  /** How many characters. */
  length: number;
  /** Any change makes a new password. */
  rotation?: string;
}

/** What the provider keeps in state: the inputs and the password. */
export interface GeneratedPasswordOutputs extends GeneratedPasswordInputs {
  /** The password. */
  result: string;
}

// Module-local (not exported): the serialised provider captures them by value, not as a require of this module.
const DEFAULT_LENGTH = 32;
const MIN_LENGTH = 16;
const MAX_LENGTH = 128;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** One sentence per problem of the inputs; an absent length is not judged. */
export function passwordProblems(what: string, inputs: { length?: unknown }): string[] {
  const length = inputs.length;
  if (length === undefined) return [];
  if (typeof length === "number" && Number.isInteger(length) && length >= MIN_LENGTH && length <= MAX_LENGTH) return [];
  return [`The length of ${what} (${String(length)}) is out of range; set it to a whole number of characters from ${MIN_LENGTH} to ${MAX_LENGTH}.`];
}

/** `length` characters of letters and digits, each drawn uniformly by crypto.randomInt. */
export function randomPassword(length: number): string {
  const crypto: typeof import("crypto") = require("crypto");
  let password = "";
  for (let i = 0; i < length; i++) password += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return password;
}

/** Exported for tests, which call create() directly; the resource class below is what a program uses. */
export const generatedPasswordProvider = stateOnlyProvider<GeneratedPasswordInputs, GeneratedPasswordOutputs>({
  inputKeys: ["length", "rotation"],
  withDefaults: (news) => ({ ...news, length: news.length ?? DEFAULT_LENGTH }),
  problems: (known) => passwordProblems("the generated password", known),
  create: async (inputs) => ({ ...inputs, result: randomPassword(inputs.length) }),
});

/**
 * A random password of letters and digits, a secret in state. Change `rotation` to make a new one.
 *
 * ```ts
 * const debeziumPassword = new GeneratedPassword("debezium-password", { rotation: config.get("passwordRotation") });
 * ```
 */
export class GeneratedPassword extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets these; an initialised class field (ES2022) would reset them to undefined.
  /** How many characters the password has. */
  declare public readonly length: pulumi.Output<number>;
  /** The password; a secret. */
  declare public readonly result: pulumi.Output<string>;

  constructor(name: string, args: GeneratedPasswordArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const problems = passwordProblems(`the generated password ${name}`, { length: knownValue(args.length) });
    if (problems.length > 0) throw new KafkaConfigError(problems);
    super(
      generatedPasswordProvider,
      name,
      { ...args, result: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["result"] }),
      "cdc-kafka",
      "GeneratedPassword",
    );
  }
}
