// A Prometheus server on the brokers' network that scrapes every broker's JMX exporter (brokers with metricsEnabled)
// and evaluates the Kafka alert rules of prometheusConfig.ts; its UI and API on the host at hostBindIp:hostPort.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { hostAddress } from "./brokerEnv";
import { DEFAULT_PROMETHEUS_IMAGE, DEFAULTS, MAX_CONTAINER_NAME_LENGTH } from "./config";
import { dockerLabels } from "./labels";
import { kafkaAlertRules, PROMETHEUS_CONFIG_FILE, PROMETHEUS_PORT, PROMETHEUS_RULES_FILE, prometheusCommand, prometheusConfig } from "./prometheusConfig";
import { clusterNameError, dockerNameError, hostBindIpError, imageReferenceError, throwIfInvalid, wholeNumberError } from "./validation";

/** The arguments of {@link KafkaMetrics}. */
export interface KafkaMetricsArgs {
  /** Docker network the brokers are on. */
  networkName: pulumi.Input<string>;
  /** The brokers' container names (their hostnames on the network), each scraped on port 11001. */
  brokerContainerNames: pulumi.Input<string[]>;
  /** Prometheus image; any with prom/prometheus's contract (`prometheus` on PATH, /etc/prometheus). @default "prom/prometheus:v2.42.0" */
  prometheusImage?: string;
  /** Cluster name, the `cluster` label on every series. @default the component name */
  clusterName?: string;
  /** Host port of the Prometheus UI and API. @default 9090 */
  hostPort?: number;
  /** Host address the port is published on. @default "127.0.0.1" */
  hostBindIp?: string;
  /** Container name. @default the component name */
  containerName?: string;
  /** Labels for the container, besides `cdc-kafka.component=metrics`. @default {} */
  labels?: pulumi.Input<Record<string, string>>;
}

/**
 * A Prometheus server on the brokers' network that scrapes every broker's JMX exporter every 15 s and evaluates the
 * Kafka alert rules ({@link KAFKA_ALERTS}), published on `hostBindIp:hostPort`.
 */
export class KafkaMetrics extends pulumi.ComponentResource {
  /** The Prometheus UI on the host, e.g. `http://localhost:9090` (alerts at `/alerts`). */
  public readonly url: pulumi.Output<string>;
  /** The Prometheus container's name. */
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: KafkaMetricsArgs, opts?: pulumi.ComponentResourceOptions) {
    const prometheusImage = args.prometheusImage ?? DEFAULT_PROMETHEUS_IMAGE;
    const clusterName = args.clusterName ?? name;
    const hostPort = args.hostPort ?? PROMETHEUS_PORT;
    const hostBindIp = args.hostBindIp ?? DEFAULTS.hostBindIp;
    const containerName = args.containerName ?? name;
    const labels = pulumi.output(args.labels ?? {});

    throwIfInvalid([
      imageReferenceError("prometheusImage", prometheusImage, DEFAULT_PROMETHEUS_IMAGE),
      clusterNameError(clusterName),
      wholeNumberError("hostPort", hostPort, 1, 65535),
      hostBindIpError(hostBindIp),
      dockerNameError("containerName", containerName, MAX_CONTAINER_NAME_LENGTH),
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:KafkaMetrics", name, {}, opts);

    const image = new docker.RemoteImage(`${name}-image`, { name: prometheusImage, keepLocally: true }, { parent: this });
    const container = new docker.Container(
      `${name}-container`,
      {
        name: containerName,
        image: image.imageId,
        // The binary by name, so the upstream image (/bin/prometheus) and Debian's package (/usr/bin) both work.
        entrypoints: ["prometheus"],
        command: prometheusCommand(),
        uploads: [
          { file: PROMETHEUS_CONFIG_FILE, content: pulumi.output(args.brokerContainerNames).apply((names) => prometheusConfig(names, clusterName)) },
          { file: PROMETHEUS_RULES_FILE, content: kafkaAlertRules() },
        ],
        labels: labels.apply((given) => dockerLabels(given, "metrics")),
        networksAdvanced: [{ name: args.networkName }],
        ports: [{ internal: PROMETHEUS_PORT, external: hostPort, ip: hostBindIp, protocol: "tcp" }],
        restart: "unless-stopped",
      },
      { parent: this },
    );

    this.url = container.name.apply(() => `http://${hostAddress(hostBindIp)}:${hostPort}`);
    this.containerName = container.name;
    this.registerOutputs({ url: this.url, containerName: this.containerName });
  }
}
