// The whole Kafka side of the CDC pipeline, wired: network, N brokers, UI, topics and optional Prometheus, plus the client settings that
// complete the delivery guarantee. This is what the Postgres and Debezium stacks import (or read as stack outputs).
import * as pulumi from "@pulumi/pulumi";
import { controllerQuorumVoters, METRICS_PORT } from "./brokerEnv";
import { CdcTopics } from "./cdcTopics";
import { adminConfig, ClientCredentials, consumerConfig, debeziumProducerConfig, producerConfig } from "./clientConfig";
import { KafkaSettings, KafkaSettingsArgs, resolveKafkaSettings, SecurityMode } from "./config";
import { KafkaAccess } from "./kafkaAccess";
import { StackSecurity } from "./stackSecurity";
import { kafkaConnectArgsError, throwIfInvalid, validateKafkaSettings } from "./validation";
import { BrokerTls, KafkaBroker, KafkaBrokerArgs } from "./kafkaBroker";
import { KafkaMetrics } from "./kafkaMetrics";
import { KafkaNetwork } from "./kafkaNetwork";
import { GeneratedPassword } from "./generatedPassword";
import { KafkaUi, KafkaUiArgs, UiLogin } from "./kafkaUi";
import { stackLabels } from "./labels";
import { scrapeTargets } from "./prometheusConfig";

export interface KafkaStackArgs
  extends KafkaSettingsArgs,
    Pick<KafkaUiArgs, "kafkaConnectName" | "kafkaConnectAddress" | "kafkaConnectUsername" | "kafkaConnectPassword"> {
  /** Labels on every Docker object, besides `cdc-kafka.component`. @default { "cdc-kafka.stack": "<project>/<stack>" } */
  labels?: pulumi.Input<Record<string, string>>;
}

/** The stack's outputs as plain values: what a StackReference to this stack reads. */
export interface KafkaStackOutputValues {
  /** EXTERNAL listeners of all brokers for clients on the host, comma-separated (`localhost:9092,…`). */
  hostBootstrapServers: string;
  /** INTERNAL listeners of all brokers for containers on the network, comma-separated (`<container>:29092,…`). */
  internalBootstrapServers: string;
  /** The Docker network to attach Debezium, Postgres and other containers to. */
  networkName: string;
  /** The broker containers' names, one per broker (`<name>-broker-<n>`). */
  brokerContainerNames: string[];
  /** The brokers' data volumes, one per broker. */
  dataVolumeNames: string[];
  /** The KRaft cluster id every broker's storage is formatted with. */
  clusterId: string;
  /** The cluster's name in the UI (`/api/clusters/<clusterName>`). */
  clusterName: string;
  /** The declared topics' names. */
  topicNames: string[];
  /** Replication factor of the topics and the broker default: what a downstream stack's own topics should use. */
  replicationFactor: number;
  /** `min.insync.replicas` of the topics and the broker: acks=all writes need this many replicas. */
  minInsyncReplicas: number;
  /** The web UI, absent when the UI is disabled. */
  uiUrl: string | undefined;
  /**
   * The UI's login form account (a secret; `pulumi stack output --show-secrets uiLogin`), absent when the UI has no
   * login (uiLogin false, or the UI disabled).
   */
  uiLogin: UiLogin | undefined;
  /** The Prometheus server's UI and API (`/api/v1/alerts`), absent when metricsServerEnabled is false. */
  metricsUrl: string | undefined;
  /** The brokers' exporters on the network (`<container>:11001`), for a Prometheus of your own; empty when metrics are off. */
  metricsScrapeTargets: string[];
  /** `plaintext` or `sasl_ssl`: how clients reach the brokers. */
  security: SecurityMode;
  /** The CA (PEM) every broker certificate is signed by, for clients' truststores; absent on a plaintext stack. */
  caCertificate: string | undefined;
  /**
   * Java producer properties for at-least-once delivery (acks=all, idempotence, unlimited retries, …); on a secured
   * stack also security.protocol, sasl.* as the `connect` principal and the CA as a PEM truststore (a secret).
   */
  producerConfig: Record<string, string>;
  /** The same as a Debezium connector's `producer.override.*` settings. */
  debeziumProducerConfig: Record<string, string>;
  /**
   * Java consumer properties for at-least-once processing (manual commits, earliest, read_committed); on a secured
   * stack also the security settings of the `consumer` principal (a secret).
   */
  consumerConfig: Record<string, string>;
  /** Java admin client properties: empty on a plaintext stack, the `admin` principal's security settings otherwise (a secret). */
  adminConfig: Record<string, string>;
  /** The labels every Docker object of the stack carries. */
  labels: Record<string, string>;
}

/** The stack's outputs as Pulumi outputs, by the names {@link KafkaStackOutputValues} gives them. */
export type KafkaStackOutputs = { [K in keyof KafkaStackOutputValues]: pulumi.Output<KafkaStackOutputValues[K]> };

/** `<name>-broker-<n>` for n = 1…brokers: component, container and hostname of each node. */
export function brokerNames(name: string, brokers: number): string[] {
  return Array.from({ length: brokers }, (_, index) => `${name}-broker-${index + 1}`);
}

/**
 * The arguments of each broker of a stack, from the stack's resolved settings: node ids 1…n, the shared voters and
 * cluster id, consecutive host ports, and every broker setting passed through. The one place that wires a stack's
 * settings into its brokers (KafkaStack uses it; the unit tests check it directly).
 */
export function stackBrokerArgs(
  name: string,
  settings: KafkaSettings,
  networkName: pulumi.Input<string>,
  labels: pulumi.Input<Record<string, string>>,
  secured?: { tls: (containerName: string) => BrokerTls; adminPassword: pulumi.Input<string> },
): Array<{
  /** The broker's component name, `<name>-broker-<n>`. */
  name: string;
  /** Its arguments. */
  args: KafkaBrokerArgs;
}> {
  const names = brokerNames(name, settings.brokers);
  const voters = controllerQuorumVoters(names);
  return names.map((brokerName, index) => ({
    name: brokerName,
    args: {
      networkName,
      nodeId: index + 1,
      controllerQuorumVoters: voters,
      hostPort: settings.hostPort + index,
      kafkaImage: settings.kafkaImage,
      clusterId: settings.clusterId,
      hostBindIp: settings.hostBindIp,
      replicationFactor: settings.replicationFactor,
      minInsyncReplicas: settings.minInsyncReplicas,
      autoCreateTopics: settings.autoCreateTopics,
      logRetentionHours: settings.logRetentionHours,
      logRetentionBytes: settings.logRetentionBytes,
      groupInitialRebalanceDelayMs: settings.groupInitialRebalanceDelayMs,
      brokerMemoryMb: settings.brokerMemoryMb,
      brokerWaitTimeoutSeconds: settings.brokerWaitTimeoutSeconds,
      keepDataVolume: settings.keepDataVolume,
      metricsEnabled: settings.metricsEnabled,
      ...(settings.metricsHostPort === undefined ? {} : { metricsHostPort: settings.metricsHostPort + index }),
      security: settings.security,
      advertisedHost: settings.advertisedHost,
      ...(secured ? { tls: secured.tls(brokerName), adminPassword: secured.adminPassword } : {}),
      labels,
    },
  }));
}

/**
 * The Kafka side of the CDC pipeline, wired: the network, `brokers` KafkaBroker nodes, the UI, the CDC topics, the
 * Prometheus server with `metricsServerEnabled`, the security material with `security: sasl_ssl`, and the client
 * settings as outputs. What the Postgres and Debezium stacks import.
 */
export class KafkaStack extends pulumi.ComponentResource implements KafkaStackOutputs {
  public readonly hostBootstrapServers: pulumi.Output<string>;
  public readonly internalBootstrapServers: pulumi.Output<string>;
  public readonly networkName: pulumi.Output<string>;
  public readonly brokerContainerNames: pulumi.Output<string[]>;
  public readonly dataVolumeNames: pulumi.Output<string[]>;
  public readonly clusterId: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly topicNames: pulumi.Output<string[]>;
  public readonly replicationFactor: pulumi.Output<number>;
  public readonly minInsyncReplicas: pulumi.Output<number>;
  public readonly uiUrl: pulumi.Output<string | undefined>;
  public readonly uiLogin: pulumi.Output<UiLogin | undefined>;
  public readonly metricsUrl: pulumi.Output<string | undefined>;
  public readonly metricsScrapeTargets: pulumi.Output<string[]>;
  public readonly producerConfig: pulumi.Output<Record<string, string>>;
  public readonly debeziumProducerConfig: pulumi.Output<Record<string, string>>;
  public readonly consumerConfig: pulumi.Output<Record<string, string>>;
  public readonly adminConfig: pulumi.Output<Record<string, string>>;
  public readonly security: pulumi.Output<SecurityMode>;
  public readonly caCertificate: pulumi.Output<string | undefined>;
  public readonly labels: pulumi.Output<Record<string, string>>;
  /** The broker nodes, for `dependsOn` (each exists once its container is healthy). */
  public readonly brokers: KafkaBroker[];

  constructor(name: string, args: KafkaStackArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { labels: givenLabels, kafkaConnectName, kafkaConnectAddress, kafkaConnectUsername, kafkaConnectPassword, ...settingsArgs } = args;
    const settings = resolveKafkaSettings(name, settingsArgs);
    const labels = givenLabels ?? stackLabels(pulumi.getProject(), pulumi.getStack());
    throwIfInvalid([
      ...validateKafkaSettings(name, settingsArgs),
      kafkaConnectArgsError(kafkaConnectName, kafkaConnectAddress),
      kafkaConnectName !== undefined && !settings.uiEnabled
        ? "kafkaConnectName and kafkaConnectAddress configure the UI's Connect view; set uiEnabled to true or drop them."
        : undefined,
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:KafkaStack", name, {}, opts);

    const network = new KafkaNetwork(`${name}-network`, { labels }, { parent: this });
    const secured = settings.security === "sasl_ssl" ? new StackSecurity(name, settings, this) : undefined;
    const brokerMaterial = secured && { tls: (broker: string) => secured.brokerTls(broker), adminPassword: secured.passwords.admin };
    this.brokers = stackBrokerArgs(name, settings, network.name, labels, brokerMaterial).map(
      (broker) => new KafkaBroker(broker.name, broker.args, { parent: this }),
    );
    const brokerContainers = this.brokers.map((broker) => broker.container);
    const joined = (addresses: pulumi.Output<string>[]) => pulumi.all(addresses).apply((all) => all.join(","));
    this.internalBootstrapServers = joined(this.brokers.map((broker) => broker.internalBootstrapServers));
    this.hostBootstrapServers = joined(this.brokers.map((broker) => broker.hostBootstrapServers));
    const access = secured
      ? new KafkaAccess(
          `${name}-access`,
          {
            bootstrapServers: this.brokers.map((broker) => broker.hostBootstrapServers),
            security: secured.adminConnection(),
            passwords: { connect: secured.passwords.connect, consumer: secured.passwords.consumer, ui: secured.passwords.ui },
            brokers: brokerContainers,
          },
          { parent: this },
        )
      : undefined;
    /** The settings `build` makes for a role: plain on a plaintext stack, a secret with its credentials otherwise. */
    const clientSettings = (role: "connect" | "consumer" | "admin" | "ui", build: (credentials?: ClientCredentials) => Record<string, string>) =>
      secured ? secured.credentials(role).apply(build) : pulumi.output(build());

    const uiLogin = settings.uiEnabled && settings.uiLogin ? this.uiLoginAccount(name, settings) : undefined;
    const ui = settings.uiEnabled
      ? new KafkaUi(
          `${name}-ui`,
          {
            networkName: network.name,
            internalBootstrapServers: this.internalBootstrapServers,
            clusterName: settings.clusterName,
            uiImage: settings.uiImage,
            uiPort: settings.uiPort,
            hostBindIp: settings.hostBindIp,
            ...(settings.metricsEnabled ? { metricsPort: METRICS_PORT } : {}),
            ...(secured ? { clientProperties: clientSettings("ui", adminConfig) } : {}),
            kafkaConnectName,
            kafkaConnectAddress,
            kafkaConnectUsername,
            kafkaConnectPassword,
            ...(uiLogin ? { login: uiLogin } : {}),
            labels,
          },
          // Its principal and grants exist before it first connects.
          { parent: this, dependsOn: access?.resources ?? [] },
        )
      : undefined;
    const topics = new CdcTopics(
      `${name}-topics`,
      {
        hostBootstrapServers: this.brokers.map((broker) => broker.hostBootstrapServers),
        ...(secured ? { security: secured.adminConnection() } : {}),
        brokers: brokerContainers,
        topics: settings.topics,
        topicPartitions: settings.topicPartitions,
        topicRetentionMs: settings.topicRetentionMs,
        topicCleanupPolicy: settings.topicCleanupPolicy,
        replicationFactor: settings.replicationFactor,
        minInsyncReplicas: settings.minInsyncReplicas,
      },
      { parent: this },
    );

    this.networkName = network.name;
    this.brokerContainerNames = pulumi.all(this.brokers.map((broker) => broker.containerName));
    const metrics = settings.metricsServerEnabled
      ? new KafkaMetrics(
          `${name}-metrics`,
          {
            networkName: network.name,
            brokerContainerNames: this.brokerContainerNames,
            prometheusImage: settings.prometheusImage,
            clusterName: settings.clusterName,
            hostPort: settings.metricsServerPort,
            hostBindIp: settings.hostBindIp,
            labels,
          },
          { parent: this },
        )
      : undefined;
    this.dataVolumeNames = pulumi.all(this.brokers.map((broker) => broker.volumeName));
    this.clusterId = pulumi.output(settings.clusterId);
    this.clusterName = pulumi.output(settings.clusterName);
    this.topicNames = topics.topicNames;
    this.replicationFactor = pulumi.output(settings.replicationFactor);
    this.minInsyncReplicas = pulumi.output(settings.minInsyncReplicas);
    this.uiUrl = ui ? ui.url : pulumi.output(undefined);
    this.uiLogin = uiLogin ?? pulumi.output(undefined);
    this.metricsUrl = metrics ? metrics.url : pulumi.output(undefined);
    this.metricsScrapeTargets = settings.metricsEnabled ? this.brokerContainerNames.apply(scrapeTargets) : pulumi.output([]);
    this.security = pulumi.output(settings.security);
    this.caCertificate = secured ? secured.caCertificatePem : pulumi.output(undefined);
    this.producerConfig = clientSettings("connect", producerConfig);
    this.debeziumProducerConfig = clientSettings("connect", debeziumProducerConfig);
    this.consumerConfig = clientSettings("consumer", consumerConfig);
    this.adminConfig = clientSettings("admin", adminConfig);
    this.labels = pulumi.output(labels);
    this.registerOutputs(this.stackOutputs());
  }

  /** The UI login's account, a secret: the given password, or one generated once and kept in state. */
  private uiLoginAccount(name: string, settings: KafkaSettings): pulumi.Output<UiLogin> {
    const password =
      settings.uiLoginPassword !== undefined ? pulumi.output(settings.uiLoginPassword) : new GeneratedPassword(`${name}-ui-login-password`, {}, { parent: this }).result;
    return pulumi.secret(password.apply((value) => ({ username: settings.uiLoginUsername, password: value })));
  }

  /** Every output by name: what the stack program exports. */
  public stackOutputs(): KafkaStackOutputs {
    return {
      hostBootstrapServers: this.hostBootstrapServers,
      internalBootstrapServers: this.internalBootstrapServers,
      networkName: this.networkName,
      brokerContainerNames: this.brokerContainerNames,
      dataVolumeNames: this.dataVolumeNames,
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      topicNames: this.topicNames,
      replicationFactor: this.replicationFactor,
      minInsyncReplicas: this.minInsyncReplicas,
      uiUrl: this.uiUrl,
      uiLogin: this.uiLogin,
      metricsUrl: this.metricsUrl,
      metricsScrapeTargets: this.metricsScrapeTargets,
      producerConfig: this.producerConfig,
      debeziumProducerConfig: this.debeziumProducerConfig,
      consumerConfig: this.consumerConfig,
      adminConfig: this.adminConfig,
      security: this.security,
      caCertificate: this.caCertificate,
      labels: this.labels,
    };
  }
}
