// The docker provider stand-in as @pulumi/pulumi's provider interface: check and diff from the property tables,
// create/read/update/delete dispatched by type token to the resource that talks to the Docker engine.
import type Docker from "dockerode";
import type { CreateResult, DiffResult, Provider, ReadResult, UpdateResult } from "@pulumi/pulumi/provider";
import { container } from "./container";
import { connectDocker, dockerOptions, ProviderConfig } from "./docker";
import { network } from "./network";
import { remoteImage } from "./remoteImage";
import { ResourceLifecycle } from "./resource";
import { checkInputs, CheckOutcome, Inputs, NamingContext } from "./schema/check";
import { diffInputs } from "./schema/diff";
import { providerConfigSpec } from "./schema/props";
import { volume } from "./volume";

/** The @pulumi/docker release whose plugin this stands in for; the engine asks for exactly this version. */
export const providerVersion = "5.2.0";

const lifecycles = new Map<string, ResourceLifecycle>([container, network, volume, remoteImage].map((resource) => [resource.spec.token, resource]));

export class DockerProvider implements Provider {
  readonly version = providerVersion;
  readonly schema = JSON.stringify({ name: "docker", version: providerVersion });
  private config: ProviderConfig = {};
  private client?: Docker;

  /** The provider's inputs (`docker:host`) once the engine has checked them; the next call connects with them. */
  configure(config: Inputs): void {
    this.config = { host: typeof config.host === "string" && config.host !== "" ? config.host : undefined };
    this.client = undefined;
  }

  async checkConfig(urn: string, olds: Inputs, news: Inputs): Promise<CheckOutcome> {
    const { inputs, failures } = checkInputs(providerConfigSpec, nameOf(urn), olds ?? {}, parseConfigBooleans(news ?? {}));
    if (typeof inputs.host === "string" && inputs.host !== "") {
      try {
        dockerOptions(inputs.host);
      } catch (error) {
        failures.push({ property: "host", reason: (error as Error).message });
      }
    }
    return { inputs, failures };
  }

  async check(urn: string, olds: Inputs, news: Inputs, naming?: NamingContext): Promise<CheckOutcome> {
    return checkInputs(lifecycleOf(urn).spec, nameOf(urn), olds ?? {}, news ?? {}, naming);
  }

  /** `diffs` names every changed input, as the bridged provider tells the engine (provider.main drops it; engineHooks sends it). */
  async diff(_id: string, urn: string, olds: Inputs, news: Inputs): Promise<DiffResult & { diffs: string[] }> {
    const { changes, replaces, changed, deleteBeforeReplace } = diffInputs(lifecycleOf(urn).spec, olds ?? {}, news ?? {});
    return { changes, replaces, deleteBeforeReplace, diffs: changed };
  }

  async create(urn: string, inputs: Inputs): Promise<CreateResult> {
    const { id, outs } = await lifecycleOf(urn).create(this.docker(), inputs);
    return { id, outs: plain(outs) };
  }

  async read(id: string, urn: string, props?: Inputs): Promise<ReadResult> {
    const result = await lifecycleOf(urn).read(this.docker(), id, props ?? {});
    return { id: result.id, props: plain(result.props) };
  }

  async update(id: string, urn: string, olds: Inputs, news: Inputs): Promise<UpdateResult> {
    return { outs: plain(await lifecycleOf(urn).update(this.docker(), id, olds, news)) };
  }

  async delete(id: string, urn: string, props: Inputs): Promise<void> {
    await lifecycleOf(urn).delete(this.docker(), id, props ?? {});
  }

  private docker(): Docker {
    return (this.client ??= connectDocker(this.config));
  }
}

/** The resource type of a URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`). */
export function typeOf(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

export function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function lifecycleOf(urn: string): ResourceLifecycle {
  const type = typeOf(urn);
  const lifecycle = lifecycles.get(type);
  if (!lifecycle) {
    throw new Error(`${type} is not implemented by the offline docker provider stand-in (it implements ${[...lifecycles.keys()].join(", ")}); use one of those or extend toolchain/plugins/docker.`);
  }
  return lifecycle;
}

/** Stack config reaches the provider as strings ("true"), resource arguments as booleans. */
function parseConfigBooleans(config: Inputs): Inputs {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, value === "true" ? true : value === "false" ? false : value]));
}

/** JSON values only: the gRPC Struct refuses `undefined`. */
function plain(value: Inputs): Inputs {
  return JSON.parse(JSON.stringify(value)) as Inputs;
}
