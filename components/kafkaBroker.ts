// One Kafka node: a combined KRaft broker and controller in a container, with its image and its data volume.
// KafkaStack makes one per broker; a single KafkaBroker with the defaults is a complete one-node cluster.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import {
  brokerEnvironment,
  controllerVoter,
  DATA_DIR,
  environmentList,
  EXTERNAL_PORT,
  hostListener,
  healthcheckPort,
  internalListener,
  KEYSTORE_FILE,
  METRICS_PORT,
  SCRAM_CREDENTIALS_FILE,
  SECURITY_DIR,
  TRUSTSTORE_FILE,
} from "./brokerEnv";
import { PRINCIPALS, scramBootstrapLine } from "./accessControl";
import { BROKER_HEALTHCHECK_DOC, BROKER_PROBE_READ_TIMEOUT_SECONDS, brokerHealthcheckTest } from "./brokerHealthcheck";
import {
  defaultAdvertisedHost,
  DEFAULTS,
  defaultMinInsyncReplicas,
  defaultReplicationFactor,
  deriveClusterId,
  KafkaSettingsArgs,
  MAX_CONTAINER_NAME_LENGTH,
} from "./config";
import {
  advertisedHostError,
  brokerSettingsErrors,
  dockerNameError,
  portErrors,
  replicationErrors,
  scramBootstrapImageError,
  securityModeError,
  throwIfInvalid,
  wholeNumberError,
} from "./validation";
import { dockerLabels } from "./labels";

/** The probe costs about 10 ms of CPU, so a short interval is affordable and `up` sees health within seconds. */
const HEALTHCHECK_INTERVAL = "2s";
/**
 * Failures during the JVM's start-up (and log recovery after a crash) do not count towards `retries`. Spelt as Go
 * prints durations ("60s" reads back as "1m0s"), so a second `up` finds nothing to change.
 */
const HEALTHCHECK_START_PERIOD = "1m0s";
const HEALTHCHECK_RETRIES = 5;
/** Time to shut down cleanly on destroy or replacement, so the next start skips log recovery. */
const DESTROY_GRACE_SECONDS = 30;

/** The arguments of {@link KafkaBroker}; the shared settings keep their meaning from {@link KafkaSettingsArgs}. */
export interface KafkaBrokerArgs
  extends Pick<
    KafkaSettingsArgs,
    | "kafkaImage"
    | "clusterId"
    | "hostBindIp"
    | "minInsyncReplicas"
    | "autoCreateTopics"
    | "logRetentionHours"
    | "logRetentionBytes"
    | "groupInitialRebalanceDelayMs"
    | "brokerMemoryMb"
    | "brokerWaitTimeoutSeconds"
    | "keepDataVolume"
    | "metricsEnabled"
    | "security"
    | "advertisedHost"
  > {
  /** Docker network to join; containers on it reach the broker at `<containerName>:29092`. */
  networkName: pulumi.Input<string>;
  /** KRaft node id, unique in the cluster. @default 1 */
  nodeId?: number;
  /** `id@host:29093` of every controller of the cluster, this node included. @default this node alone */
  controllerQuorumVoters?: string;
  /** Container name, also its hostname on the network. @default the component name */
  containerName?: string;
  /** Data volume name. @default "<component name>-data" */
  volumeName?: string;
  /** Host port the EXTERNAL listener is published on and advertised with (`localhost:<hostPort>`). @default 9092 */
  hostPort?: number;
  /** Host port this broker's metrics endpoint (container port 11001) is published on. @default none: not published */
  metricsHostPort?: number;
  /** Cluster-wide replication factor (broker default and internal topics); give every node the same. @default 1 */
  replicationFactor?: number;
  /** Labels for the volume and container, besides `cdc-kafka.component` (data, broker). @default {} */
  labels?: pulumi.Input<Record<string, string>>;
  /** With security sasl_ssl: this broker's certificate and key, and the CA every node and client trusts. */
  tls?: BrokerTls;
  /** With security sasl_ssl: the admin principal's password, written into the metadata when storage is formatted. */
  adminPassword?: pulumi.Input<string>;
}

/** PEM material of one secured broker; the key stays a Pulumi secret. */
export interface BrokerTls {
  /** The CA (PEM) that signed every broker's certificate; brokers trust only it. */
  caCertificatePem: pulumi.Input<string>;
  /** The broker's certificate: CN kafka-broker, SANs for its container name and the advertised host. */
  certificatePem: pulumi.Input<string>;
  /** Its private key, unencrypted PKCS#8. */
  privateKeyPem: pulumi.Input<string>;
}

/**
 * A Kafka node whose container `pulumi up` waits for until it is healthy. Health: {@link BROKER_HEALTHCHECK_DOC}
 */
export class KafkaBroker extends pulumi.ComponentResource {
  /** The EXTERNAL listener for clients on the host, e.g. `localhost:9092`. */
  public readonly hostBootstrapServers: pulumi.Output<string>;
  /** The INTERNAL listener for containers on the network, e.g. `cdc-kafka-dev-broker-1:29092`. */
  public readonly internalBootstrapServers: pulumi.Output<string>;
  /** The broker container's name, also its hostname on the network. */
  public readonly containerName: pulumi.Output<string>;
  /** The data volume's name, mounted at `/var/lib/kafka/data`. */
  public readonly volumeName: pulumi.Output<string>;
  /** The KRaft cluster id the broker's storage is formatted with. */
  public readonly clusterId: pulumi.Output<string>;
  /** The broker container, for `dependsOn`: it exists only once the broker is healthy. */
  public readonly container: docker.Container;

  constructor(name: string, args: KafkaBrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    const nodeId = args.nodeId ?? 1;
    const containerName = args.containerName ?? name;
    const volumeName = args.volumeName ?? `${name}-data`;
    const kafkaImage = args.kafkaImage ?? DEFAULTS.kafkaImage;
    const clusterId = args.clusterId ?? deriveClusterId(name);
    const hostPort = args.hostPort ?? DEFAULTS.hostPort;
    const hostBindIp = args.hostBindIp ?? DEFAULTS.hostBindIp;
    // The one resolver of the default, for a cluster of one broker (KafkaStack passes its own, from the broker count).
    const replicationFactor = args.replicationFactor ?? defaultReplicationFactor(1);
    const minInsyncReplicas = args.minInsyncReplicas ?? defaultMinInsyncReplicas(replicationFactor);
    const autoCreateTopics = args.autoCreateTopics ?? DEFAULTS.autoCreateTopics;
    const logRetentionHours = args.logRetentionHours ?? DEFAULTS.logRetentionHours;
    const logRetentionBytes = args.logRetentionBytes ?? DEFAULTS.logRetentionBytes;
    const groupInitialRebalanceDelayMs = args.groupInitialRebalanceDelayMs ?? DEFAULTS.groupInitialRebalanceDelayMs;
    const brokerMemoryMb = args.brokerMemoryMb ?? DEFAULTS.brokerMemoryMb;
    const brokerWaitTimeoutSeconds = args.brokerWaitTimeoutSeconds ?? DEFAULTS.brokerWaitTimeoutSeconds;
    const keepDataVolume = args.keepDataVolume ?? DEFAULTS.keepDataVolume;
    const metricsEnabled = args.metricsEnabled ?? DEFAULTS.metricsEnabled;
    const metricsHostPort = args.metricsHostPort;
    const security = args.security ?? DEFAULTS.security;
    const advertisedHost = args.advertisedHost ?? defaultAdvertisedHost(hostBindIp);
    const voters = args.controllerQuorumVoters ?? controllerVoter(nodeId, containerName);
    const labels = pulumi.output(args.labels ?? {});

    throwIfInvalid([
      wholeNumberError("nodeId", nodeId, 1),
      dockerNameError("containerName", containerName, MAX_CONTAINER_NAME_LENGTH),
      ...portErrors({ brokers: 1, hostPort, uiPort: 0, uiEnabled: false, metricsEnabled, metricsHostPort }),
      ...brokerSettingsErrors({
        kafkaImage,
        clusterId,
        hostBindIp,
        logRetentionHours,
        logRetentionBytes,
        brokerMemoryMb,
        groupInitialRebalanceDelayMs,
        brokerWaitTimeoutSeconds,
      }),
      ...replicationErrors({ replicationFactor, minInsyncReplicas, replicationFactorFromBrokers: false }),
      securityModeError(security),
      scramBootstrapImageError(security, kafkaImage),
      advertisedHostError(args.advertisedHost, hostBindIp),
      security === "sasl_ssl" && (args.tls === undefined || args.adminPassword === undefined)
        ? 'security "sasl_ssl" needs tls (the broker\'s certificate, key and CA) and adminPassword; pass both (KafkaStack makes them).'
        : undefined,
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:KafkaBroker", name, {}, opts);
    // Validated above: only the any-address bind leaves no default, and it then requires advertisedHost.
    const listenerHost = advertisedHost as string;

    // Kept locally: the image may be one built on this machine that no registry has, and other stacks may use it.
    const image = new docker.RemoteImage(`${name}-image`, { name: kafkaImage, keepLocally: true }, { parent: this });
    const volume = new docker.Volume(
      `${name}-data`,
      { name: volumeName, labels: labels.apply((given) => dockerLabels(given, "data")) },
      { parent: this, retainOnDelete: keepDataVolume },
    );
    const environment = brokerEnvironment({
      nodeId,
      clusterId,
      containerName,
      controllerQuorumVoters: voters,
      hostPort,
      advertisedHost: listenerHost,
      replicationFactor,
      minInsyncReplicas,
      autoCreateTopics,
      logRetentionHours,
      logRetentionBytes,
      groupInitialRebalanceDelayMs,
      memoryMb: brokerMemoryMb,
      metricsEnabled,
      security,
    });
    const metricsPorts =
      metricsHostPort === undefined ? [] : [{ internal: METRICS_PORT, external: metricsHostPort, ip: hostBindIp, protocol: "tcp" }];
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName,
        hostname: containerName,
        image: image.imageId,
        envs: environmentList(environment),
        labels: labels.apply((given) => dockerLabels(given, "broker")),
        networksAdvanced: [{ name: args.networkName }],
        ports: [{ internal: EXTERNAL_PORT, external: hostPort, ip: hostBindIp, protocol: "tcp" }, ...metricsPorts],
        volumes: [{ volumeName: volume.name, containerPath: DATA_DIR }],
        ...(security === "sasl_ssl" && args.tls && args.adminPassword ? { uploads: securityUploads(args.tls, args.adminPassword) } : {}),
        healthcheck: {
          tests: brokerHealthcheckTest({ port: healthcheckPort(security), dataDir: DATA_DIR }),
          interval: HEALTHCHECK_INTERVAL,
          // Longer than the probe's own read timeout, so a slow answer is reported by the probe, not killed by Docker.
          timeout: `${BROKER_PROBE_READ_TIMEOUT_SECONDS + 2}s`,
          retries: HEALTHCHECK_RETRIES,
          startPeriod: HEALTHCHECK_START_PERIOD,
        },
        // Survives a Docker daemon restart or a crash, but stays down after an explicit `docker stop`.
        restart: "unless-stopped",
        memory: brokerMemoryMb,
        wait: true,
        waitTimeout: brokerWaitTimeoutSeconds,
        destroyGraceSeconds: DESTROY_GRACE_SECONDS,
      },
      { parent: this },
    );

    // Derived from the container's outputs, so whatever uses an address also waits for the healthy broker.
    this.hostBootstrapServers = this.container.name.apply(() => hostListener(listenerHost, hostPort));
    this.internalBootstrapServers = this.container.name.apply(internalListener);
    this.containerName = this.container.name;
    this.volumeName = volume.name;
    this.clusterId = pulumi.output(clusterId);
    this.registerOutputs({
      hostBootstrapServers: this.hostBootstrapServers,
      internalBootstrapServers: this.internalBootstrapServers,
      containerName: this.containerName,
      volumeName: this.volumeName,
      clusterId: this.clusterId,
    });
  }
}

/**
 * The files a secured broker reads: its key and certificate chain (Kafka's PEM keystore: key first), the CA, and the
 * admin's SCRAM credential for the first format. Uploaded before the container starts; the key and the password stay
 * secrets in Pulumi's state. A change (rotation) replaces the container, the data volume stays. Docker's upload makes
 * them root's, mode 0644 (an upload cannot name an owner, and a root-owned 0400 file the broker could not read): the
 * image's entry point makes every file in {@link SECURITY_DIR} the broker user's own and 0400 before Kafka starts, and
 * removes the credential once storage is formatted.
 */
function securityUploads(tls: BrokerTls, adminPassword: pulumi.Input<string>) {
  return [
    {
      file: KEYSTORE_FILE,
      content: pulumi.secret(pulumi.all([tls.privateKeyPem, tls.certificatePem]).apply((pems) => pems.map((pem) => `${pem.trimEnd()}\n`).join(""))),
    },
    { file: TRUSTSTORE_FILE, content: tls.caCertificatePem },
    { file: SCRAM_CREDENTIALS_FILE, content: pulumi.secret(pulumi.output(adminPassword).apply((password) => `${scramBootstrapLine(PRINCIPALS.admin, password)}\n`)) },
  ];
}
