// The web UI: kafbat's Kafka UI (or the project's console, which honours the same environment contract) on the
// brokers' network, reading the cluster through the INTERNAL listener.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { hostAddress } from "./brokerEnv";
import { DEFAULT_UI_IMAGE, DEFAULTS, KafkaSettingsArgs, MAX_CONTAINER_NAME_LENGTH } from "./config";
import { clusterNameError, dockerNameError, hostBindIpError, imageReferenceError, kafkaConnectArgsError, throwIfInvalid, wholeNumberError } from "./validation";
import { dockerLabels } from "./labels";

/** The port the UI listens on inside its container (kafbat's default, set explicitly through SERVER_PORT). */
export const UI_CONTAINER_PORT = 8080;

/** The arguments of {@link KafkaUi}; `uiImage`, `uiPort` and `hostBindIp` as in {@link KafkaSettingsArgs}. */
export interface KafkaUiArgs extends Pick<KafkaSettingsArgs, "uiImage" | "uiPort" | "hostBindIp"> {
  /** Docker network the brokers are on. */
  networkName: pulumi.Input<string>;
  /** The brokers' INTERNAL listeners, comma-separated (`<container>:29092,…`). */
  internalBootstrapServers: pulumi.Input<string>;
  /** Cluster name shown by the UI and used in its REST paths (`/api/clusters/<name>`). @default the component name */
  clusterName?: string;
  /**
   * The brokers' Prometheus metrics port (each broker's `http://<host from Kafka metadata>:<port>/metrics`), scraped by
   * the UI for its byte rates. @default none: the UI reads no metrics
   */
  metricsPort?: number;
  /** Name the UI shows for a Kafka Connect cluster (kafbat's `KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME`). @default none */
  kafkaConnectName?: string;
  /**
   * Connect's REST API as the UI container reaches it, e.g. `http://<connect container>:8083`; with
   * `kafkaConnectName`, the UI lists the connectors, their tasks and states. @default none: no Connect view
   */
  kafkaConnectAddress?: pulumi.Input<string>;
  /**
   * Java client properties the UI connects with, as kafbat's `KAFKA_CLUSTERS_0_PROPERTIES_*` variables (e.g. a secured
   * stack's settings for its `ui` principal: security.protocol, sasl.*, ssl.truststore.*). A secret stays a secret.
   * @default none: PLAINTEXT
   */
  clientProperties?: pulumi.Input<Record<string, string>>;
  /** Container name. @default the component name */
  containerName?: string;
  /** Labels for the container, besides `cdc-kafka.component=ui`. @default {} */
  labels?: pulumi.Input<Record<string, string>>;
}

/** The Kafka web UI container on the brokers' network (kafbat's environment contract), published on `hostBindIp:uiPort`. */
export class KafkaUi extends pulumi.ComponentResource {
  /** Where a browser on the host opens the UI, e.g. `http://localhost:8080`. */
  public readonly url: pulumi.Output<string>;
  /** The UI container's name. */
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: KafkaUiArgs, opts?: pulumi.ComponentResourceOptions) {
    const uiImage = args.uiImage ?? DEFAULTS.uiImage;
    const uiPort = args.uiPort ?? DEFAULTS.uiPort;
    const hostBindIp = args.hostBindIp ?? DEFAULTS.hostBindIp;
    const clusterName = args.clusterName ?? name;
    const containerName = args.containerName ?? name;
    const labels = pulumi.output(args.labels ?? {});

    throwIfInvalid([
      imageReferenceError("uiImage", uiImage, DEFAULT_UI_IMAGE),
      wholeNumberError("uiPort", uiPort, 1, 65535),
      hostBindIpError(hostBindIp),
      clusterNameError(clusterName),
      dockerNameError("containerName", containerName, MAX_CONTAINER_NAME_LENGTH),
      kafkaConnectArgsError(args.kafkaConnectName, args.kafkaConnectAddress),
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:KafkaUi", name, {}, opts);

    const image = new docker.RemoteImage(`${name}-image`, { name: uiImage, keepLocally: true }, { parent: this });
    const container = new docker.Container(
      `${name}-container`,
      {
        name: containerName,
        image: image.imageId,
        envs: pulumi
          .all([args.internalBootstrapServers, args.kafkaConnectAddress, args.clientProperties ?? {}])
          .apply(([bootstrapServers, kafkaConnectAddress, properties]) => [
            `KAFKA_CLUSTERS_0_NAME=${clusterName}`,
            `KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=${bootstrapServers}`,
            `SERVER_PORT=${UI_CONTAINER_PORT}`,
            ...(args.metricsPort === undefined
              ? []
              : ["KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS", `KAFKA_CLUSTERS_0_METRICS_PORT=${args.metricsPort}`]),
            ...(args.kafkaConnectName === undefined || kafkaConnectAddress === undefined
              ? []
              : [`KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME=${args.kafkaConnectName}`, `KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS=${kafkaConnectAddress}`]),
            ...clusterPropertiesEnvironment(properties),
          ]),
        labels: labels.apply((given) => dockerLabels(given, "ui")),
        networksAdvanced: [{ name: args.networkName }],
        ports: [{ internal: UI_CONTAINER_PORT, external: uiPort, ip: hostBindIp, protocol: "tcp" }],
        restart: "unless-stopped",
      },
      { parent: this },
    );

    this.url = container.name.apply(() => `http://${hostAddress(hostBindIp)}:${uiPort}`);
    this.containerName = container.name;
    this.registerOutputs({ url: this.url, containerName: this.containerName });
  }
}

/** Java client properties as kafbat's variables: `security.protocol` → `KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL`. */
export function clusterPropertiesEnvironment(properties: Record<string, string>): string[] {
  return Object.entries(properties).map(([key, value]) => `KAFKA_CLUSTERS_0_PROPERTIES_${key.toUpperCase().replace(/[.-]/g, "_")}=${value}`);
}
