// The admin principal's password as the cluster was formatted with it. A secured cluster gets its first principal one
// way only: a broker writes the admin's SCRAM credential into the cluster metadata when it first formats its storage,
// and never again. A changed password would reach the brokers' files and Pulumi's kafka provider but not the cluster,
// and the up would fail half-way (brokers replaced, then the provider refused). So this resource refuses the change in
// check, before any step of the up runs, and everything that uses the password takes it from here. A dynamic provider:
// its code refers only to this file's plain values (see stateOnlyProvider.ts for why).
import * as pulumi from "@pulumi/pulumi";

/** The sentence a changed admin password gets (module-local: the serialised provider captures it by value). */
const ADMIN_PASSWORD_FIXED =
  "adminPassword cannot change on a deployed secured stack: the admin credential is written into the cluster's metadata when its storage is first formatted; set adminPassword back to the deployed one, or destroy the stack and its data volumes to start over.";

/** The engine's stand-in for a value unknown until apply. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface FormattedAdminPasswordInputs {
  password: string;
}

/** Exported for tests, which call check() directly; the resource class below is what a program uses. */
export const formattedAdminPasswordProvider: pulumi.dynamic.ResourceProvider<FormattedAdminPasswordInputs, FormattedAdminPasswordInputs> = {
  async check(olds, news) {
    const changed = olds.password !== undefined && news.password !== UNKNOWN && olds.password !== news.password;
    return { inputs: news, failures: changed ? [{ property: "password", reason: ADMIN_PASSWORD_FIXED }] : [] };
  },
  async diff(_id, olds, news) {
    return { changes: olds.password !== news.password };
  },
  async create(inputs) {
    const crypto: typeof import("crypto") = require("crypto");
    return { id: crypto.randomUUID(), outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {
    // Nothing outside Pulumi's state.
  },
};

/** The admin password a secured stack was first deployed with; `password` (a secret) is what its users read. */
export class FormattedAdminPassword extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets it; an initialised class field (ES2022) would reset it to undefined.
  declare public readonly password: pulumi.Output<string>;

  constructor(name: string, args: { password: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(
      formattedAdminPasswordProvider,
      name,
      { password: pulumi.secret(args.password) },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }),
      "cdc-kafka",
      "FormattedAdminPassword",
    );
  }
}
