// The Docker network the brokers, the UI and the pipeline's other containers share; containers find each other by
// name on it (the brokers' INTERNAL listener is advertised as <container>:29092).
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels } from "./labels";

/** The arguments of {@link KafkaNetwork}. */
export interface KafkaNetworkArgs {
  /** Docker network name. @default the component name */
  networkName?: pulumi.Input<string>;
  /** Labels for the network, besides `cdc-kafka.component=network` (e.g. `cdc-kafka.stack`). @default {} */
  labels?: pulumi.Input<Record<string, string>>;
}

/** A user-defined bridge network: unlike the default bridge, it gives containers DNS names. */
export class KafkaNetwork extends pulumi.ComponentResource {
  /** The Docker network's name, for `networksAdvanced` of containers that join it. */
  public readonly name: pulumi.Output<string>;
  /** The Docker network's id. */
  public readonly id: pulumi.Output<string>;

  constructor(name: string, args: KafkaNetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("cdc-kafka:index:KafkaNetwork", name, {}, opts);
    const networkName = args.networkName ?? name;
    const labels = args.labels ?? {};

    // The one child carries the component's name (it was `<name>-network`, so a stack's network read
    // `…-network-network`); the alias keeps existing stacks' networks in place instead of replacing them.
    const network = new docker.Network(
      name,
      { name: networkName, driver: "bridge", labels: pulumi.output(labels).apply((given) => dockerLabels(given, "network")) },
      { parent: this, aliases: [{ name: `${name}-network` }] },
    );

    this.name = network.name;
    this.id = network.id;
    this.registerOutputs({ name: this.name, id: this.id });
  }
}
